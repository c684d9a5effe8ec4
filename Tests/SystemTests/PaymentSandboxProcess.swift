import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `payment-sandbox` executable on a free loopback port with an empty database of its own: the
/// payment provider of a running platform, which a test can kill, restart and set faults on.
final class PaymentSandboxProcess: Sendable {
    static let apiKey = "sk_test_returns_system"
    static let account = "acct_returns"

    let port: Int
    let environment: [String: String]
    /// Its own database: a test may make the provider lose a record, as no ledger would.
    let database: TestDatabase
    private let pid = Mutex<pid_t>(0)

    var url: String { "http://127.0.0.1:\(port)" }

    /// Returns' settings pointing at this sandbox (calls time out after `timeoutMs`).
    func returnsSettings(timeoutMs: Int = 1_500, recheckSeconds: Int = 60) -> [String: String] {
        [
            "PAYMENTS_PROVIDER_URL": url, "PAYMENTS_API_KEY": Self.apiKey, "PAYMENTS_TIMEOUT_MS": String(timeoutMs),
            "PAYMENTS_RECHECK_SECONDS": String(recheckSeconds),
        ]
    }

    private init(port: Int, environment: [String: String], database: TestDatabase) {
        self.port = port
        self.environment = environment
        self.database = database
    }

    /// Runs `body` with a sandbox started on its own empty database; kills it and drops the database after.
    static func with(_ body: (PaymentSandboxProcess) async throws -> Void) async throws {
        try await TestDatabase.withEmpty { database in
            let port = FreePort.next()
            let environment = [
                "DB_HOST": "127.0.0.1", "DB_PORT": String(database.port), "DB_NAME": database.name, "DB_USER": "postgres",
                "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "SANDBOX_API_KEYS": "\(account)=\(apiKey)", "LOG_LEVEL": "info",
                "SANDBOX_TIMEOUT_HOLD_SECONDS": "8",
                // Few connections: the system suites run side by side against one test cluster.
                "DB_MAX_CONNECTIONS": "2",
            ]
            let sandbox = PaymentSandboxProcess(port: port, environment: environment, database: database)
            defer { sandbox.kill() }
            try await sandbox.start()
            try await body(sandbox)
        }
    }

    func start() async throws {
        let log = FileManager.default.temporaryDirectory.appending(path: "payment-sandbox-\(port).log").path
        let spawned = try ChildProcess.spawn(TestEnvironment.binDirectory + "/payment-sandbox", [], environment: environment, outputPath: log)
        pid.withLock { $0 = spawned }
        try await Readiness.wait(port: port, timeout: .seconds(30))
    }

    /// SIGKILL, as a crash would; waits for the process to be gone.
    func kill() {
        let current = pid.withLock { $0 }
        guard current > 0, Glibc.kill(current, 0) == 0 else { return }
        Glibc.kill(current, SIGKILL)
        _ = ChildProcess.wait(current)
    }

    /// Whether the process has died on its own (a `crash` fault); reaps it.
    func exited(within timeout: Duration = .seconds(10)) async throws -> Bool {
        try await ChildProcess.wait(pid.withLock { $0 }, timeout: timeout) != nil
    }

    /// Arms `mode` for the account's next `count` create calls.
    func arm(_ mode: String, count: Int = 1) async throws {
        let answer = try await request(.put, "/v1/sandbox/faults", body: ["mode": mode, "count": count])
        #expect(answer.status == .ok, "arming \(mode): \(answer.status)")
    }

    /// The account's payouts (or charges) whose reference starts with `prefix`.
    func transfers(_ kind: String = "payouts", referencePrefix prefix: String) async throws -> [[String: Any]] {
        let answer = try await request(.get, "/v1/\(kind)?reference_prefix=\(prefix)&limit=1000")
        return (answer.json["data"] as? [[String: Any]]) ?? []
    }

    /// A raw call, as a client of the provider would make it.
    func request(
        _ method: HTTPRequest.Method,
        _ path: String,
        body: [String: Any]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws
        -> TestClient.Response
    {
        var headers = extra
        headers[.authorization] = "Bearer \(Self.apiKey)"
        headers[.contentType] = "application/json"
        let bytes = try body.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
        let request = TestClient.Request(path, method: method, headers: headers, body: bytes ?? ByteBuffer())
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in try await client.execute(request) }
    }
}
