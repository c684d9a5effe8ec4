import Foundation
import Logging
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

@Suite struct MigratorTests {
    let logger = Logger(label: "migrator-test")
    let appliedAt = Date(timeIntervalSince1970: 1_800_000_000)

    let first = Migration("0001_things", statements: ["CREATE TABLE things (id int PRIMARY KEY)"])
    let second = Migration(
        "0002_thing_names",
        statements: [
            "ALTER TABLE things ADD COLUMN name text",
            "CREATE INDEX things_by_name ON things (name)",
        ]
    )

    private func migrator(_ migrations: [Migration]) -> Migrator {
        Migrator(service: "test", migrations: migrations, readers: [])
    }

    @Test func appliesInOrderOnceAndRecordsEach() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                let stamp = appliedAt
                let applied = try await migrator([first, second]).apply(on: client, appliedAt: { stamp }, logger: logger)
                #expect(applied == ["0001_things", "0002_thing_names"])
                // The second migration's column exists: it ran after the first.
                try await client.query("INSERT INTO things (id, name) VALUES (1, 'a')", logger: logger)

                let again = try await migrator([first, second]).apply(on: client, appliedAt: { stamp }, logger: logger)
                #expect(again.isEmpty)

                let rows = try await client.query("SELECT name, applied_at FROM schema_migrations ORDER BY name", logger: logger)
                var recorded: [(String, Date)] = []
                for try await row in rows.decode((String, Date).self) { recorded.append(row) }
                #expect(recorded.map(\.0) == ["0001_things", "0002_thing_names"])
                #expect(recorded.allSatisfy { $0.1 == stamp })
            }
        }
    }

    @Test func aNewMigrationIsAppliedAfterTheOldOnes() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                try await migrator([first]).apply(on: client, appliedAt: { Date() }, logger: logger)
                let applied = try await migrator([first, second]).apply(on: client, appliedAt: { Date() }, logger: logger)
                #expect(applied == ["0002_thing_names"])
            }
        }
    }

    @Test func aChangedAppliedMigrationIsRefusedAndNothingMoreIsApplied() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                try await migrator([first]).apply(on: client, appliedAt: { Date() }, logger: logger)
                let edited = Migration("0001_things", statements: ["CREATE TABLE things (id bigint PRIMARY KEY)"])
                await #expect(throws: MigrationError.changed(name: "0001_things")) {
                    try await migrator([edited, second]).apply(on: client, appliedAt: { Date() }, logger: logger)
                }
                let status = try await client.withConnection { connection in
                    try await migrator([edited, second]).status(on: connection, logger: logger)
                }
                #expect(status.changed == ["0001_things"])
                #expect(status.pending == ["0002_thing_names"])
                #expect(status.reason?.contains("0001_things") == true)
            }
        }
    }

    @Test func aFailingMigrationLeavesNoTraceAndTheNextRunRetriesIt() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                let broken = Migration("0002_broken", statements: ["CREATE TABLE half (id int)", "SELECT * FROM missing_table"])
                await #expect(throws: (any Error).self) {
                    try await migrator([first, broken]).apply(on: client, appliedAt: { Date() }, logger: logger)
                }
                let half = try await client.query("SELECT to_regclass('half') IS NULL", logger: logger).decode(Bool.self)
                for try await missing in half { #expect(missing) }
                let status = try await client.withConnection { try await migrator([first, broken]).status(on: $0, logger: logger) }
                #expect(status.pending == ["0002_broken"])
            }
        }
    }

    @Test func concurrentRunsApplyEachMigrationOnce() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                let runs = try await withThrowingTaskGroup(of: [String].self) { group in
                    for _ in 0..<4 {
                        group.addTask { try await migrator([first, second]).apply(on: client, appliedAt: { Date() }, logger: logger) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(runs.flatMap { $0 }.sorted() == ["0001_things", "0002_thing_names"])
            }
        }
    }

    @Test func statusOfAnUnmigratedDatabaseListsEverything() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                let status = try await client.withConnection { try await migrator([first, second]).status(on: $0, logger: logger) }
                #expect(status.pending == ["0001_things", "0002_thing_names"])
                #expect(!status.isCurrent)
            }
        }
    }

    @Test func migrationsTheBuildDoesNotKnowAreAllowed() async throws {
        try await TestDatabase.withEmpty { database in
            try await database.connect(as: "postgres") { client in
                try await migrator([first, second]).apply(on: client, appliedAt: { Date() }, logger: logger)
                // An older build that knows only the first migration still counts the database as current.
                let status = try await client.withConnection { try await migrator([first]).status(on: $0, logger: logger) }
                #expect(status.isCurrent)
            }
        }
    }
}
