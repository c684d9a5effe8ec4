import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import ServiceKit
import Synchronization
import TestSupport
import Testing

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

    static let services = PlatformDirectory.names
    let processes: [Process]
    let databases: [String: TestDatabase]
    /// Each service's base environment (its database, port, peers' URLs, test mode).
    let environments: [String: [String: String]]
    /// Every process started for this platform, restarted ones included: all are killed at the end.
    let spawned: Spawned

    func port(_ service: String) -> Int { processes.first { $0.service == service }?.port ?? 0 }

    /// The test clock of every running service together.
    var clock: PlatformClock { PlatformClock(ports: Dictionary(uniqueKeysWithValues: processes.map { ($0.service, $0.port) })) }

    /// Starts `services` (all six by default) in test mode, each pointed at the others, runs `body`, and
    /// stops every process (SIGKILL for any `body` left running). `extra` adds settings per service.
    /// Where every service's test clock starts: after the purchase dates of the cases tests register, before
    /// every instant a test sets.
    static let clockStart = "2026-11-01T00:00:00Z"

    static func with(
        _ services: [String] = services,
        extra: [String: [String: String]] = [:],
        _ body: (RunningPlatform) async throws -> Void
    ) async throws {
        try await TestDatabase.withClones(of: services) { databases in
            let ports = Dictionary(uniqueKeysWithValues: services.map { ($0, FreePort.next()) })
            var environments: [String: [String: String]] = [:]
            for (service, database) in zip(services, databases) {
                var environment = [
                    "DB_HOST": "127.0.0.1", "DB_PORT": String(database.port), "DB_NAME": database.name,
                    "DB_USER": "\(service)_app", "DB_MAX_CONNECTIONS": "4", "HTTP_HOST": "127.0.0.1",
                    "HTTP_PORT": String(ports[service]!), "LOG_LEVEL": "info", "AUTH_JWKS": TestTokens.keySet, "TEST_MODE": "true",
                    "PAGING_TOKEN_KEYS": TestTokens.pageTokenKeys,
                    // Before every date a test sets: the calendar never overtakes a test's story.
                    "TEST_CLOCK_START": Self.clockStart,
                ].merging(TestTokens.serviceKeyEnvironment) { own, _ in own }.merging(TestTokens.partnerEnvironment) { own, _ in own }
                for (peer, port) in ports { environment["SERVICES_\(peer.uppercased())_URL"] = "http://127.0.0.1:\(port)" }
                environments[service] = environment
            }
            let spawned = Spawned()
            var platform = RunningPlatform(
                processes: [],
                databases: Dictionary(uniqueKeysWithValues: zip(services, databases)),
                environments: environments,
                spawned: spawned
            )
            defer { spawned.killAll() }
            for service in services {
                platform = try platform.starting(service, extra: extra[service] ?? [:])
            }
            for process in platform.processes { try await waitUntilReady(process) }
            try await body(platform)
            for process in platform.processes { try? FileManager.default.removeItem(atPath: process.log) }
        }
    }

    /// This platform with `service` (not running) started with `extra` settings.
    func starting(_ service: String, extra: [String: String] = [:]) throws -> RunningPlatform {
        let environment = (environments[service] ?? [:]).merging(extra) { _, new in new }
        let port = Int(environment["HTTP_PORT"] ?? "") ?? 0
        let log = FileManager.default.temporaryDirectory.appending(path: "system-\(service)-\(port)-\(UUID().uuidString.prefix(6)).log").path
        let pid = try ChildProcess.spawn(TestEnvironment.binDirectory + "/" + service, ["serve"], environment: environment, outputPath: log)
        spawned.add(pid)
        let others = processes.filter { $0.service != service }
        return RunningPlatform(
            processes: others + [Process(service: service, pid: pid, port: port, log: log)],
            databases: databases,
            environments: environments,
            spawned: spawned
        )
    }

    /// Restarts `service` (already exited) with its base settings and waits until it is ready.
    func restarting(_ service: String) async throws -> RunningPlatform {
        let restarted = try starting(service)
        if let process = restarted.processes.last { try await Self.waitUntilReady(process) }
        return restarted
    }

    /// Waits for `service` to exit on its own (a fault point killed it); its exit status, nil past 30 s.
    func exitStatus(of service: String) async throws -> Int32? {
        guard let process = processes.first(where: { $0.service == service }) else { return nil }
        return try await ChildProcess.wait(process.pid, timeout: .seconds(30))
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
    func call(
        _ service: String,
        _ method: String,
        _ body: [String: Any],
        as caller: TestCaller,
        idempotencyKey: String? = nil
    ) async throws -> TestClient.Response {
        try await call(service, method, body, bearer: try await caller.token(), idempotencyKey: idempotencyKey)
    }

    /// Calls `method` of `service` as `caller`, expects 200 and returns the answer's JSON.
    func ok(
        _ service: String,
        _ method: String,
        _ body: [String: Any],
        as caller: TestCaller,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        let answer = try await call(service, method, body, as: caller)
        #expect(answer.status == .ok, "\(method): \(answer.status.code) \(answer.json)", sourceLocation: sourceLocation)
        return answer.json
    }

    /// POSTs `body` to `<Name>Service/<method>` of `service` with `token` (nil: no Authorization header).
    func call(
        _ service: String,
        _ method: String,
        _ body: [String: Any],
        bearer token: String?,
        idempotencyKey: String? = nil
    ) async throws -> TestClient.Response {
        let name = service.prefix(1).uppercased() + service.dropFirst()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
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

/// The processes a ``RunningPlatform`` started. A restart returns a new platform value, so the processes
/// are tracked here rather than in the value `with` started with — otherwise a restarted service outlived
/// its test (seen: three `intake serve` per run, left behind by the relay kill drills).
final class Spawned: Sendable {
    private let pids = Mutex<[pid_t]>([])

    func add(_ pid: pid_t) { pids.withLock { $0.append(pid) } }

    func killAll() {
        for pid in pids.withLock({ $0 }) where kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid)
        }
    }
}
