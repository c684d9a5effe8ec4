import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// `payment-sandbox`: a stand-in for the payment provider Returns pays refunds through (DESIGN §6), run as
/// its own process with its own PostgreSQL database, in the style of real providers — payouts and charges
/// created with an idempotency key, read back by id or key, listed for reconciliation — and with fault
/// modes a test or a developer sets per call or per account (API.md). Not part of the platform: it holds
/// no tenant and trusts nothing but its API keys.
@main
struct PaymentSandbox {
    static func main() async throws {
        // `payment-sandbox` or `payment-sandbox serve`, like the platform's services.
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.isEmpty || Array(arguments) == ["serve"] else {
            FileHandle.standardError.write(
                Data("usage: payment-sandbox [serve]   (settings from the environment: Tools/PaymentSandbox/API.md)\n".utf8)
            )
            exit(64)
        }
        let environment = ProcessInfo.processInfo.environment
        let settings = try SandboxSettings(environment)
        var logger = Logger(label: "payment-sandbox")
        logger.logLevel = settings.logLevel

        let client = PostgresClient(configuration: settings.database, backgroundLogger: logger)
        let store = SandboxStore(client: client, logger: logger)
        let router = Router()
        SandboxRoutes(store: store, settings: settings, logger: logger).register(on: router)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "payment-sandbox"),
            services: [client],
            logger: logger
        )
        app.beforeServerStarts { try await store.prepare() }
        try await app.runService()
    }
}

/// The sandbox's settings, all from the environment.
struct SandboxSettings: Sendable {
    let host: String
    let port: Int
    let database: PostgresClient.Configuration
    /// API key → account.
    let accounts: [String: String]
    /// How long `timeout` holds its answer back.
    let timeoutHold: Duration
    /// How long `late` delays its answer.
    let lateDelay: Duration
    let logLevel: Logger.Level

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(_ environment: [String: String]) throws {
        host = environment["HTTP_HOST"] ?? "127.0.0.1"
        guard let port = Int(environment["HTTP_PORT"] ?? "8090") else { throw Invalid(description: "HTTP_PORT is not a number") }
        self.port = port
        var database = PostgresClient.Configuration(
            host: environment["DB_HOST"] ?? "127.0.0.1",
            port: Int(environment["DB_PORT"] ?? "5432") ?? 5432,
            username: environment["DB_USER"] ?? "payment_sandbox",
            password: environment["DB_PASSWORD"],
            database: environment["DB_NAME"] ?? "payment_sandbox",
            tls: .disable
        )
        database.options.maximumConnections = Int(environment["DB_MAX_CONNECTIONS"] ?? "8") ?? 8
        self.database = database
        // `account=key` pairs; one development account when none is set.
        var accounts: [String: String] = [:]
        for pair in (environment["SANDBOX_API_KEYS"] ?? "acct_development=sk_test_sandbox").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 8 else {
                throw Invalid(description: "SANDBOX_API_KEYS: each entry is account=key, the key at least 8 characters")
            }
            accounts[parts[1]] = parts[0]
        }
        self.accounts = accounts
        timeoutHold = .seconds(Int(environment["SANDBOX_TIMEOUT_HOLD_SECONDS"] ?? "30") ?? 30)
        lateDelay = .milliseconds(Int(environment["SANDBOX_LATE_MS"] ?? "1500") ?? 1500)
        logLevel = Logger.Level(rawValue: environment["LOG_LEVEL"] ?? "info") ?? .info
    }
}
