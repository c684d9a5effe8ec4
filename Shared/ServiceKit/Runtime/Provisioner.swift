public import Logging
public import PostgresNIO

/// Creates what a service's database needs before its first `migrate`: the three roles and the database,
/// owned by the owner role, with the app role granted its table privileges by default. Idempotent; run as
/// a superuser (`provision`), by `make test`, `make run` and the containers' init.
public struct Provisioner: Sendable {
    public let roles: DatabaseRoles
    public let database: String
    /// Login passwords by role; a role without one keeps whatever it has (none locally, trust auth).
    public let passwords: [String: String]

    public init(roles: DatabaseRoles, database: String, passwords: [String: String] = [:]) {
        self.roles = roles
        self.database = database
        self.passwords = passwords
    }

    public func run(admin: DatabaseConfiguration, logger: Logger) async throws {
        var server = admin
        server.database = "postgres"
        try await withClient(server, logger: logger) { client in
            // Identifiers cannot be bound; these come from code (the service name), never from input.
            for (role, options) in [
                (roles.owner, "LOGIN"), (roles.app, "LOGIN NOBYPASSRLS"), (roles.worker, "LOGIN NOBYPASSRLS"), (roles.definer, "NOLOGIN BYPASSRLS"),
            ] {
                try await client.query(
                    """
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(unescaped: role)') THEN
                            CREATE ROLE \(unescaped: Migrator.quoted(role)) \(unescaped: options);
                        END IF;
                    END $$
                    """,
                    logger: logger
                )
            }
            try await client.query("GRANT \(unescaped: Migrator.quoted(roles.app)) TO \(unescaped: Migrator.quoted(roles.worker))", logger: logger)
            // The owner hands its tenant-filtering views to the definer (ALTER VIEW … OWNER TO needs membership).
            try await client.query("GRANT \(unescaped: Migrator.quoted(roles.definer)) TO \(unescaped: Migrator.quoted(roles.owner))", logger: logger)
            for (role, password) in passwords.sorted(by: { $0.key < $1.key }) where !password.isEmpty {
                try await setPassword(password, of: role, on: client, logger: logger)
            }
            let exists =
                try await client.query("SELECT 1 FROM pg_database WHERE datname = \(database)", logger: logger)
                .decode(Int.self).first { _ in true } != nil
            if !exists {
                try await client.query(
                    "CREATE DATABASE \(unescaped: Migrator.quoted(database)) OWNER \(unescaped: Migrator.quoted(roles.owner))",
                    logger: logger
                )
            }
        }
        var target = admin
        target.database = database
        try await withClient(target, logger: logger) { client in
            let owner = Migrator.quoted(roles.owner)
            let app = Migrator.quoted(roles.app)
            for statement in [
                "REVOKE ALL ON DATABASE \(Migrator.quoted(database)) FROM PUBLIC",
                "GRANT CONNECT, TEMPORARY ON DATABASE \(Migrator.quoted(database)) TO \(app)",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "ALTER SCHEMA public OWNER TO \(owner)",
                "GRANT USAGE ON SCHEMA public TO \(app)",
                "GRANT USAGE, CREATE ON SCHEMA public TO \(Migrator.quoted(roles.definer))",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \(owner) IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(app)",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \(owner) IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO \(app)",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \(owner) IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO \(app)",
            ] {
                try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
        logger.info("database provisioned", metadata: ["database": "\(database)"])
    }
}

extension Provisioner {
    /// ALTER ROLE cannot take a bound password, so PostgreSQL itself quotes it (`format` with %L); the
    /// statement's text, which holds the password, is never logged or put in an error.
    private func setPassword(_ password: String, of role: String, on client: PostgresClient, logger: Logger) async throws {
        do {
            let rows = try await client.query("SELECT format('ALTER ROLE %I PASSWORD %L', \(role)::text, \(password)::text)", logger: logger)
            for try await statement in rows.decode(String.self) {
                try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        } catch {
            throw ProvisioningError(message: "could not set the password of role \(role)")
        }
    }
}

public struct ProvisioningError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Runs `work` with a short-lived client of its own (commands, not the serving pool).
public func withClient<Result: Sendable>(
    _ configuration: DatabaseConfiguration,
    logger: Logger,
    _ work: @Sendable (PostgresClient) async throws -> Result
) async throws -> Result {
    // The pool warns when leased before `run()` has started, which a short-lived client always races.
    var backgroundLogger = logger
    backgroundLogger.logLevel = .error
    let database = Database(configuration: configuration, logger: backgroundLogger, metrics: nil)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await database.client.run() }
        defer { group.cancelAll() }
        return try await work(database.client)
    }
}
