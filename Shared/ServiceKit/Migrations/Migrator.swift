public import Foundation
public import Logging
public import PostgresNIO

/// Applies a service's migrations: in order, each in its own transaction together with its record, under
/// an advisory lock so two `migrate` runs never interleave. Reports, for readiness, what is not applied.
public struct Migrator: Sendable {
    public let service: String
    public let migrations: [Migration]
    /// Roles that may read the migration record (the app role, for `/readyz`).
    public let readers: [String]

    public init(service: String, migrations: [Migration], readers: [String]) {
        precondition(Set(migrations.map(\.name)).count == migrations.count, "migration names must be unique")
        self.service = service
        self.migrations = migrations
        self.readers = readers
    }

    /// Applies every migration not yet applied and returns their names.
    /// - Throws: ``MigrationError/changed(name:)`` when an applied migration's SQL differs from ours.
    @discardableResult
    public func apply(on client: PostgresClient, appliedAt: @Sendable () -> Date, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                let applied = try await apply(on: connection, appliedAt: appliedAt, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func apply(on connection: PostgresConnection, appliedAt: @Sendable () -> Date, logger: Logger) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL
            )
            """,
            logger: logger
        )
        for reader in readers {
            try await connection.query(PostgresQuery(unsafeSQL: "GRANT SELECT ON schema_migrations TO \(Self.quoted(reader))"), logger: logger)
        }
        let recorded = try await self.recorded(on: connection, logger: logger)
        if let changed = migrations.first(where: { migration in recorded[migration.name].map { $0 != migration.checksum } ?? false }) {
            throw MigrationError.changed(name: changed.name)
        }
        var applied: [String] = []
        for migration in migrations where recorded[migration.name] == nil {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (name, checksum, applied_at)
                    VALUES (\(migration.name), \(migration.checksum), \(appliedAt()))
                    """,
                    logger: logger
                )
            }
            logger.info("migration applied", metadata: ["migration": "\(migration.name)"])
            applied.append(migration.name)
        }
        return applied
    }

    /// What stands between this database and the migrations this build knows. Migrations the database
    /// has and this build does not know are allowed: a newer replica applied them during a rolling deploy.
    public func status(on connection: PostgresConnection, logger: Logger) async throws -> MigrationStatus {
        let exists =
            try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            .decode(Bool.self).first { _ in true } ?? false
        let recorded = exists ? try await self.recorded(on: connection, logger: logger) : [:]
        return MigrationStatus(
            pending: migrations.filter { recorded[$0.name] == nil }.map(\.name),
            changed: migrations.filter { migration in recorded[migration.name].map { $0 != migration.checksum } ?? false }.map(\.name)
        )
    }

    private func recorded(on connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var recorded: [String: String] = [:]
        let rows = try await connection.query("SELECT name, checksum FROM schema_migrations", logger: logger)
        for try await (name, checksum) in rows.decode((String, String).self) {
            recorded[name] = checksum
        }
        return recorded
    }

    /// One advisory-lock key per service, stable across builds (FNV-1a of the name).
    var lockKey: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "aftersales.migrations.\(service)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public struct MigrationStatus: Sendable, Equatable {
    public let pending: [String]
    public let changed: [String]

    public var isCurrent: Bool { pending.isEmpty && changed.isEmpty }

    /// Why the database is not ready, in words for `/readyz`.
    public var reason: String? {
        if !changed.isEmpty { return "applied migrations differ from this build: \(changed.joined(separator: ", "))" }
        if !pending.isEmpty { return "migrations not applied: \(pending.joined(separator: ", "))" }
        return nil
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case changed(name: String)

    public var description: String {
        switch self {
        case .changed(let name):
            "migration \(name) was changed after it was applied; migrations are append-only once applied — "
                + "add a new migration instead (or recreate a development database)"
        }
    }
}
