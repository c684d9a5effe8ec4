import Foundation
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `aftersales` CLI against the real `intake` executable: keys it generates configure the service,
/// tokens it issues are accepted, and `call` reports success and failure with the documented exit codes.
@Suite struct CommandLineToolTests {

    static func aftersales(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandLineTool.Run {
        try await CommandLineTool.run(arguments, environment: environment)
    }

    @Test func keysTokensAndCallsWorkAgainstTheRealService() async throws {
        let keys = FileManager.default.temporaryDirectory.appending(path: "keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: keys) }
        #expect(try await Self.aftersales(["keys", "generate", "--out", keys]).status == 0)
        // A second key: the set now carries both (rotation is adding a key).
        #expect(try await Self.aftersales(["keys", "generate", "--out", keys, "--kid", "operator-2"]).status == 0)
        let keySet = try String(contentsOfFile: keys + "/jwks.json", encoding: .utf8)
        #expect(keySet.contains("operator-1") && keySet.contains("operator-2"))

        let issued = try await Self.aftersales([
            "token", "--key", keys + "/operator-2.pem", "--tenant", TestTenants.a.description, "--roles", "intake_clerk,cs_agent", "--subject",
            "clerk-7",
        ])
        #expect(issued.status == 0, "\(issued.errors)")
        let token = issued.output

        try await TestDatabase.withClone(of: IntakeService.name) { database in
            let port = FreePort.next()
            let environment = [
                "DB_HOST": "127.0.0.1", "DB_PORT": String(database.port), "DB_NAME": database.name, "DB_USER": "intake_app",
                "HTTP_PORT": String(port), "AUTH_JWKS": keySet, "LOG_LEVEL": "warning", "PAGING_TOKEN_KEYS": TestTokens.pageTokenKeys,
                "AUTH_SERVICE_KEY": try String(contentsOfFile: keys + "/operator-2.pem", encoding: .utf8), "AUTH_SERVICE_KEY_ID": "operator-2",
            ]
            let server = try ChildProcess.spawn(
                TestEnvironment.binDirectory + "/intake",
                ["serve"],
                environment: environment,
                outputPath: "/dev/null"
            )
            defer {
                kill(server, SIGKILL)
                _ = ChildProcess.wait(server)
            }
            try await IntakeExecutableTests.waitUntilReady(port: port)
            let here = ["AFTERSALES_INTAKE_URL": "http://127.0.0.1:\(port)", "AFTERSALES_TOKEN": token]

            let body = String(decoding: try JSONSerialization.data(withJSONObject: IntakeRequests.createBody()), as: UTF8.self)
            let created = try await Self.aftersales(["call", "IntakeService/CreateCase", body, "--idempotency-key", "cli-1"], environment: here)
            #expect(created.status == 0, "\(created.errors)")
            let answer = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
            let caseID = try #require(answer?["caseId"] as? String)

            let read = try await Self.aftersales(
                ["call", "/aftersales.intake.v1.IntakeService/GetCase", #"{"caseId":"\#(caseID)"}"#],
                environment: here
            )
            #expect(read.status == 0)
            #expect(read.output.contains(caseID))

            let invalid = try await Self.aftersales(["call", "IntakeService/CreateCase", #"{"quantity":0}"#], environment: here)
            #expect(invalid.status == 1)
            #expect(invalid.errors.contains("invalid_argument"))

            var stranger = here
            stranger["AFTERSALES_TOKEN"] = "not-a-token"
            let refused = try await Self.aftersales(["call", "IntakeService/GetCase", #"{"caseId":"\#(caseID)"}"#], environment: stranger)
            #expect(refused.status == 1)
            #expect(refused.errors.contains("unauthenticated"))

            let badJSON = try await Self.aftersales(["call", "IntakeService/GetCase", "{not json"], environment: here)
            #expect(badJSON.status == 2)
            let unknown = try await Self.aftersales(["call", "NoSuchThing", "{}"], environment: here)
            #expect(unknown.status == 2)
        }
        let down = try await Self.aftersales(
            ["call", "IntakeService/GetCase", "{}", "--url", "http://127.0.0.1:\(FreePort.next())", "--token", token, "--timeout", "2"]
        )
        #expect(down.status == 3)
    }
}
