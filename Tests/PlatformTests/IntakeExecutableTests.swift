import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `intake` executable, as `make test` built it: it serves a case over TCP, and leaves cleanly on
/// SIGTERM; a bad configuration stops it at start with the key named.
@Suite struct IntakeExecutableTests {
    static var executable: String { TestEnvironment.binDirectory + "/intake" }

    @Test func servesACaseAndStopsCleanlyOnSIGTERM() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            let port = FreePort.next()
            let output = FileManager.default.temporaryDirectory.appending(path: "intake-\(port).log").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let pid = try ChildProcess.spawn(
                Self.executable,
                ["serve"],
                environment: environment(database, port: port),
                outputPath: output
            )
            var exited = false
            defer {
                if !exited {
                    kill(pid, SIGKILL)
                    _ = ChildProcess.wait(pid)
                }
            }

            try await Self.waitUntilReady(port: port)
            let token = try await TestCaller.clerk(TestTenants.a).token()
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                let created = try await client.call("CreateCase", IntakeRequests.createBody(order: "EXE-1"), token: token)
                #expect(created.status == .ok)
                let caseID = try #require(created.json["caseId"] as? String)
                let read = try await client.call("GetCase", ["caseId": caseID], token: token)
                #expect(read.status == .ok)
            }

            kill(pid, SIGTERM)
            let status = try await ChildProcess.wait(pid, timeout: .seconds(20))
            exited = status != nil
            #expect(status == 0, "intake did not exit cleanly on SIGTERM: \(String(describing: status))")

            // Its log is JSON lines; the request line carries the operation, code and request id.
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
            let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == lines.count, "every log line is a JSON object")
            let request = objects.first { ($0["operation"] as? String) == "CreateCase" }
            #expect(request?["code"] as? String == "ok")
            #expect((request?["request.id"] as? String)?.isEmpty == false)
        }
    }

    /// While a first CreateCase is in flight a duplicate with its Idempotency-Key is answered aborted; when
    /// the process dies mid-request (SIGKILL), PostgreSQL rolls its transaction back and the retry, on a
    /// new process, makes the one case.
    @Test func aCrashMidRequestFreesTheIdempotencyKey() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            let token = try await TestCaller.clerk(TestTenants.a).token()
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "k-crash"]
            let port = FreePort.next()
            var hanging = environment(database, port: port)
            hanging["TEST_MODE"] = "true"
            hanging["TEST_FAULT_POINTS"] = "before_effect_commits"
            hanging["IDEMPOTENCY_IN_FLIGHT_WAIT_MS"] = "300"
            let first = try ChildProcess.spawn(Self.executable, ["serve"], environment: hanging, outputPath: "/dev/null")
            var firstAlive = true
            defer {
                if firstAlive {
                    kill(first, SIGKILL)
                    _ = ChildProcess.wait(first)
                }
            }
            try await Self.waitUntilReady(port: port)

            let stuck = TestClient(host: "127.0.0.1", port: port)
            stuck.connect()
            var headers = IntakeRequests.headers("application/json")
            headers[.authorization] = "Bearer \(token)"
            headers.append(contentsOf: key)
            let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: IntakeRequests.createBody(order: "EXE-1")))
            try await stuck.executeAndDontWaitForResponse(.init(IntakeRequests.path("CreateCase"), method: .post, headers: headers, body: body))
            try await database.waitForTransactionInFlight()

            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                let duplicate = try await client.call("CreateCase", IntakeRequests.createBody(order: "EXE-1"), token: token, headers: key)
                #expect(duplicate.status == .conflict)
                #expect(duplicate.json["code"] as? String == "aborted")
            }
            kill(first, SIGKILL)
            _ = ChildProcess.wait(first)
            firstAlive = false
            try? await stuck.shutdown()

            let secondPort = FreePort.next()
            let second = try ChildProcess.spawn(
                Self.executable,
                ["serve"],
                environment: environment(database, port: secondPort),
                outputPath: "/dev/null"
            )
            defer {
                kill(second, SIGKILL)
                _ = ChildProcess.wait(second)
            }
            try await Self.waitUntilReady(port: secondPort)
            try await TestClient.withClient(host: "127.0.0.1", port: secondPort) { client in
                let retry = try await client.call("CreateCase", IntakeRequests.createBody(order: "EXE-1"), token: token, headers: key)
                #expect(retry.status == .ok)
                #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == nil, "the crashed attempt left no answer")
            }
            #expect(try await database.count("cases") == 1)
        }
    }

    /// SIGTERM lets a request in flight finish before the process leaves: a duplicate waiting on another
    /// process's in-flight Idempotency-Key is still answered (aborted, after its wait), then the exit is clean.
    @Test func sigtermLetsARequestInFlightFinish() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            let token = try await TestCaller.clerk(TestTenants.a).token()
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "k-drain"]
            let holderPort = FreePort.next()
            var holding = environment(database, port: holderPort)
            holding["TEST_MODE"] = "true"
            holding["TEST_FAULT_POINTS"] = "before_effect_commits"
            let holder = try ChildProcess.spawn(Self.executable, ["serve"], environment: holding, outputPath: "/dev/null")
            defer {
                kill(holder, SIGKILL)
                _ = ChildProcess.wait(holder)
            }
            try await Self.waitUntilReady(port: holderPort)
            let stuck = TestClient(host: "127.0.0.1", port: holderPort)
            stuck.connect()
            var headers = IntakeRequests.headers("application/json")
            headers[.authorization] = "Bearer \(token)"
            headers.append(contentsOf: key)
            let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: IntakeRequests.createBody(order: "EXE-1")))
            try await stuck.executeAndDontWaitForResponse(.init(IntakeRequests.path("CreateCase"), method: .post, headers: headers, body: body))
            try await database.waitForTransactionInFlight()

            let port = FreePort.next()
            var waiting = environment(database, port: port)
            waiting["IDEMPOTENCY_IN_FLIGHT_WAIT_MS"] = "3000"
            let server = try ChildProcess.spawn(Self.executable, ["serve"], environment: waiting, outputPath: "/dev/null")
            var serverAlive = true
            defer {
                if serverAlive {
                    kill(server, SIGKILL)
                    _ = ChildProcess.wait(server)
                }
            }
            try await Self.waitUntilReady(port: port)
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                async let answer = client.call("CreateCase", IntakeRequests.createBody(order: "EXE-1"), token: token, headers: key)
                // The duplicate is now waiting on the holder's row; ask the server to stop meanwhile.
                try await database.waitForLockWait()
                kill(server, SIGTERM)
                let finished = try await answer
                #expect(finished.status == .conflict)
                #expect(finished.json["code"] as? String == "aborted")
            }
            let status = try await ChildProcess.wait(server, timeout: .seconds(20))
            serverAlive = status == nil
            #expect(status == 0)
            try? await stuck.shutdown()
        }
    }

    @Test func aMissingSettingStopsTheServerAtStartNamingIt() async throws {
        let port = FreePort.next()
        let output = FileManager.default.temporaryDirectory.appending(path: "intake-config-\(port).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var environment = [
            "DB_HOST": "127.0.0.1", "DB_PORT": String(TestEnvironment.postgresPort), "DB_USER": "intake_app",
            "HTTP_PORT": String(port), "AUTH_JWKS": #"{"keys":[{"kty":"RSA","kid":"r1","n":"x","e":"AQAB"}]}"#,
        ]
        environment["DB_NAME"] = nil
        let pid = try ChildProcess.spawn(Self.executable, ["serve"], environment: environment, outputPath: output)
        let status = try await ChildProcess.wait(pid, timeout: .seconds(20))
        #expect(status == 78)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("DB_NAME"))
        #expect(text.contains("DB_NAME"))
        #expect(text.contains("AUTH_JWKS"))
    }

    private func environment(_ database: TestDatabase, port: Int) -> [String: String] {
        [
            "DB_HOST": "127.0.0.1", "DB_PORT": String(database.port), "DB_NAME": database.name, "DB_USER": "intake_app",
            "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "LOG_LEVEL": "info",
            "AUTH_JWKS": TestTokens.keySet, "PAGING_TOKEN_KEYS": TestTokens.pageTokenKeys,
        ].merging(TestTokens.serviceKeyEnvironment) { own, _ in own }
    }

    static func waitUntilReady(port: Int) async throws {
        do {
            try await Readiness.wait(port: port)
        } catch {
            Issue.record("intake did not become ready: \(error)")
            throw error
        }
    }
}
