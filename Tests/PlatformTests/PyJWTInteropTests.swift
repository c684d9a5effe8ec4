import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// Tokens minted by PyJWT are accepted by Intake, and ours verify under PyJWT: our code is never the only
/// judge of our signatures (DESIGN §5).
@Suite struct PyJWTInteropTests {
    static let script = TestEnvironment.repositoryRoot.appending(path: "Tests/Interop/pyjwt_interop.py").path

    /// Runs the interop script and returns its exit status and output.
    static func python(_ arguments: [String]) async throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appending(path: "pyjwt-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let pid = try ChildProcess.spawn(TestEnvironment.python, [script] + arguments, environment: [:], outputPath: output)
        let status = try await ChildProcess.wait(pid, timeout: .seconds(30)) ?? -1
        return (status, (try? String(contentsOfFile: output, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "key-\(UUID().uuidString).pem").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func claimsJSON(_ claims: TestTokens.Claims) throws -> String {
        String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
    }

    @Test func aTokenMintedByPyJWTIsAcceptedAndAForgedOneIsNot() async throws {
        let claims = try Self.claimsJSON(TestTokens.claims(tenant: TestTenants.a, roles: [.intakeClerk], subject: "py-clerk"))
        let genuineKey = try Self.file(TestTokens.primaryKey.privatePEM)
        let strangerKey = try Self.file(TestTokens.strangerKey.privatePEM)
        defer { for path in [genuineKey, strangerKey] { try? FileManager.default.removeItem(atPath: path) } }
        let (mintStatus, genuine) = try await Self.python(["mint", genuineKey, "k1", claims])
        #expect(mintStatus == 0, "\(genuine)")
        let (_, forged) = try await Self.python(["mint", strangerKey, "k1", claims])

        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let accepted = try await client.authorized("Bearer \(genuine)").call("CreateCase", IntakeRequests.createBody())
                #expect(accepted.status == .ok)
                let refused = try await client.authorized("Bearer \(forged)").call("CreateCase", IntakeRequests.createBody())
                #expect(refused.status == .unauthorized)
            }
            #expect(try await harness.caseCount() == 1)
        }
    }

    @Test func ourTokensVerifyUnderPyJWT() async throws {
        let token = try await TestTokens.token(tenant: TestTenants.b, roles: [.merchant], merchant: UUID(uuidString: IntakeRequests.merchant))
        let publicKey = try Self.file(TestTokens.primaryKey.publicPEM)
        let otherPublicKey = try Self.file(TestTokens.rotatedKey.publicPEM)
        defer { for path in [publicKey, otherPublicKey] { try? FileManager.default.removeItem(atPath: path) } }

        let (status, output) = try await Self.python(["verify", publicKey, token, "aftersales", TestTokens.issuer])
        #expect(status == 0, "\(output)")
        let claims = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(claims?["tid"] as? String == TestTenants.b.description)
        #expect(claims?["roles"] as? [String] == ["merchant"])
        #expect(claims?["mid"] as? String == IntakeRequests.merchant)

        let (wrongKeyStatus, _) = try await Self.python(["verify", otherPublicKey, token, "aftersales", TestTokens.issuer])
        #expect(wrongKeyStatus == 1)
    }
}
