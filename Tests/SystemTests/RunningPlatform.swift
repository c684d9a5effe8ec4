import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ServiceKit
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The six real executables, as `make test` built them, each serving on a free loopback port against a
/// clone of its own template database.
struct RunningPlatform {
    struct Process {
        let service: String
        let pid: pid_t
        let port: Int
        let log: String
    }

    static let services = ["intake", "dispatch", "returns", "repairs", "parts", "notifications"]
    let processes: [Process]

    func port(_ service: String) -> Int { processes.first { $0.service == service }?.port ?? 0 }

    /// Starts the platform, runs `body`, and stops every process (SIGKILL for any `body` left running).
    static func with(_ body: (RunningPlatform) async throws -> Void) async throws {
        try await TestDatabase.withClones(of: services) { databases in
            var processes: [Process] = []
            defer {
                for process in processes where kill(process.pid, 0) == 0 {
                    kill(process.pid, SIGKILL)
                    _ = ChildProcess.wait(process.pid)
                }
            }
            for (service, database) in zip(services, databases) {
                let port = FreePort.next()
                let log = FileManager.default.temporaryDirectory.appending(path: "system-\(service)-\(port).log").path
                let environment = [
                    "DB_HOST": "127.0.0.1", "DB_PORT": String(database.port), "DB_NAME": database.name,
                    "DB_USER": "\(service)_app", "DB_MAX_CONNECTIONS": "4", "HTTP_HOST": "127.0.0.1",
                    "HTTP_PORT": String(port), "LOG_LEVEL": "info", "AUTH_JWKS": TestTokens.keySet,
                ].merging(TestTokens.serviceKeyEnvironment) { own, _ in own }
                let pid = try ChildProcess.spawn(TestEnvironment.binDirectory + "/" + service, ["serve"], environment: environment, outputPath: log)
                processes.append(Process(service: service, pid: pid, port: port, log: log))
            }
            for process in processes { try await waitUntilReady(process) }
            try await body(RunningPlatform(processes: processes))
            for process in processes { try? FileManager.default.removeItem(atPath: process.log) }
        }
    }

    static func waitUntilReady(_ process: Process) async throws {
        do {
            try await Readiness.wait(port: process.port, timeout: .seconds(60))
        } catch {
            let log = (try? String(contentsOfFile: process.log, encoding: .utf8)) ?? ""
            Issue.record("\(process.service) did not become ready: \(error); its log:\n\(log.suffix(2000))")
            throw error
        }
    }

    /// Sends SIGTERM to every process and returns each one's exit status (nil: still running after 20 s).
    func stop() async throws -> [String: Int32?] {
        for process in processes { kill(process.pid, SIGTERM) }
        var statuses: [String: Int32?] = [:]
        for process in processes { statuses[process.service] = try await ChildProcess.wait(process.pid, timeout: .seconds(20)) }
        return statuses
    }

    /// POSTs `body` to `<Name>Service/<method>` of `service` as `caller`.
    func call(_ service: String, _ method: String, _ body: [String: Any], as caller: TestCaller) async throws -> TestClient.Response {
        let token = try await caller.token()
        let name = service.prefix(1).uppercased() + service.dropFirst()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(token)"
        let bytes = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        let request = TestClient.Request("/aftersales.\(service).v1.\(name)Service/\(method)", method: .post, headers: headers, body: bytes)
        return try await TestClient.withClient(host: "127.0.0.1", port: port(service)) { client in
            try await client.execute(request)
        }
    }

    /// GETs a platform path (health, readiness, metrics, contract) of `service`.
    func get(_ service: String, _ path: String) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port(service)) { client in
            try await client.execute(.init(path, method: .get))
        }
    }
}
