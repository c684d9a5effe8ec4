import Foundation
import Logging
import Models
public import PostgresNIO
public import ServiceKit

/// A database of a test's own, cloned from the service's migrated template and dropped afterwards.
public struct TestDatabase: Sendable {
    public let name: String
    public let service: String
    public let port: Int

    public init(name: String, service: String, port: Int) {
        self.name = name
        self.service = service
        self.port = port
    }

    /// Clones `<service>_template` into a fresh database and runs `body` with it; drops it after.
    public static func withClone<Result: Sendable>(
        of service: String,
        port: Int = TestEnvironment.postgresPort,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = TestDatabase(name: "\(service)_t_\(UUID().uuidString.prefix(8).lowercased())", service: service, port: port)
        _ = try await database.admin { client in
            try await TemplateLock.shared.run {
                try await client.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(database.name)\" TEMPLATE \"\(service)_template\" OWNER \"\(service)_owner\""),
                    logger: quiet
                )
            }
        }
        do {
            if service == "intake" { try await IntakeFixture.seed(database) }
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    /// One clone per service, in the order given (for system tests running several services).
    public static func withClones<Result: Sendable>(
        of services: [String],
        _ body: ([TestDatabase]) async throws -> Result
    ) async throws -> Result {
        guard let first = services.first else { return try await body([]) }
        return try await withClone(of: first) { database in
            try await withClones(of: Array(services.dropFirst())) { rest in try await body([database] + rest) }
        }
    }

    /// An empty database (no template, no roles' grants) for tests of the migration machinery itself.
    public static func withEmpty<Result: Sendable>(
        port: Int = TestEnvironment.postgresPort,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = TestDatabase(name: "empty_t_\(UUID().uuidString.prefix(8).lowercased())", service: "empty", port: port)
        _ = try await database.admin { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(database.name)\""), logger: quiet)
        }
        do {
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    @discardableResult
    /// Runs `work` as the superuser on the cluster's `postgres` database.
    public func admin<Result: Sendable>(_ work: @Sendable (PostgresClient) async throws -> Result) async throws -> Result {
        try await withClient(configuration(user: "postgres", database: "postgres"), logger: quiet, work)
    }

    @discardableResult
    /// Runs `work` connected to this database as `user` (the app role unless said otherwise).
    public func connect<Result: Sendable>(
        as user: String? = nil,
        _ work: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await withClient(configuration(user: user ?? "\(service)_app", database: name), logger: quiet, work)
    }

    /// The rows of `table`, counted by the superuser (who is not subject to row-level security).
    public func count(_ table: String) async throws -> Int {
        try await connect(as: "postgres") { client in
            let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: Logger(label: "count"))
            for try await count in rows.decode(Int.self) { return count }
            return -1
        }
    }

    /// The first column of `sql`'s rows (one text column), read by the superuser (no row-level security).
    public func rows(_ sql: String) async throws -> [String] {
        try await connect(as: "postgres") { client in
            var out: [String] = []
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "rows"))
            for try await text in rows.decode(String.self) { out.append(text) }
            return out
        }
    }

    public func configuration(user: String, database: String) -> DatabaseConfiguration {
        DatabaseConfiguration(host: "127.0.0.1", port: port, user: user, password: nil, database: database, maximumConnections: 4)
    }

    /// Settings for the service's `serve`, pointing at this database as the app role.
    public func settings(registry: [SettingKey], _ extra: [String: String] = [:]) throws -> Settings {
        var environment = [
            "DB_HOST": "127.0.0.1", "DB_PORT": String(port), "DB_NAME": name, "DB_USER": "\(service)_app",
            "DB_OWNER_USER": "\(service)_owner", "DB_MAX_CONNECTIONS": "4", "HTTP_PORT": "0", "LOG_LEVEL": "warning",
            "AUTH_JWKS": TestTokens.keySet, "PAGING_TOKEN_KEYS": TestTokens.pageTokenKeys,
        ].merging(TestTokens.serviceKeyEnvironment) { own, _ in own }.merging(TestTokens.partnerEnvironment) { own, _ in own }
        environment.merge(extra) { _, new in new }
        return try Settings.fromEnvironment(environment, registry: registry)
    }

    func drop() async throws {
        _ = try await admin { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: quiet)
        }
    }
}

/// CREATE DATABASE … TEMPLATE fails while another clone of the same template is in progress; clones in one
/// test process take turns.
actor TemplateLock {
    static let shared = TemplateLock()
    private var busy = false

    func run<Result: Sendable>(_ work: () async throws -> Result) async throws -> Result {
        while busy { await Task.yield() }
        busy = true
        defer { busy = false }
        return try await work()
    }
}

let quiet: Logger = {
    var logger = Logger(label: "test-db")
    logger.logLevel = .error
    return logger
}()
