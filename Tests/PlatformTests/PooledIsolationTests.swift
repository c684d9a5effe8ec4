import Foundation
import IntakeService
import Logging
import Models
import PostgresNIO
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// The tenant is set per transaction, never per session: on a pool of two connections, 10,000
/// transactions alternating tenants — a fifth of them failing mid-transaction, some on a server error —
/// never see another tenant's row, and the pool carries no tenant between them.
@Suite struct PooledIsolationTests {
    let logger: Logger = {
        var logger = Logger(label: "isolation")
        logger.logLevel = .critical
        return logger
    }()

    struct Deliberate: Error {}

    final class Tally: Sendable {
        private let counts = Mutex<[String: Int]>([:])
        func add(_ name: String) { counts.withLock { $0[name, default: 0] += 1 } }
        func count(_ name: String) -> Int { counts.withLock { $0[name, default: 0] } }
    }

    @Test func aSmallPoolNeverLeaksATenantAcrossTenThousandTransactions() async throws {
        let logger = self.logger
        try await TestDatabase.withClone(of: IntakeService.name) { testDatabase in
            try await testDatabase.connect(as: "postgres") { admin in
                for tenant in [TestTenants.a, TestTenants.b] {
                    for n in 0..<3 {
                        try await admin.query(
                            """
                            INSERT INTO cases (tenant_id, id, status, order_number, product_name, quantity, purchase_date, reason,
                                               requested_resolution, merchant_id, created_at)
                            VALUES (\(tenant.uuid), \(UUID.v7()), 'recorded', \("DD-\(n)"), 'kettle', 1, '2026-03-01', 'leaks',
                                    'refund_only', \(UUID.v7()), '2026-03-10T02:00:00Z')
                            """,
                            logger: logger
                        )
                    }
                }
            }
            var configuration = testDatabase.configuration(user: "intake_app", database: testDatabase.name)
            configuration.maximumConnections = 2
            let database = Database(configuration: configuration, logger: logger, metrics: nil)
            let tally = Tally()
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await database.client.run() }
                try await withThrowingDiscardingTaskGroup { workers in
                    for worker in 0..<8 {
                        workers.addTask {
                            for step in 0..<1250 {
                                let index = worker * 1250 + step
                                let tenant = index % 2 == 0 ? TestTenants.a : TestTenants.b
                                do {
                                    try await database.withTenantTransaction(tenant, logger: logger) { connection in
                                        let rows = try await connection.query("SELECT tenant_id FROM cases", logger: logger)
                                        var seen = 0
                                        for try await owner in rows.decode(UUID.self) {
                                            seen += 1
                                            if owner != tenant.uuid { tally.add("leak") }
                                        }
                                        if seen != 3 { tally.add("leak") }
                                        if index % 10 == 3 { throw Deliberate() }
                                        if index % 10 == 7 { try await connection.query("SELECT 1 / 0", logger: logger) }
                                    }
                                    tally.add("completed")
                                } catch {
                                    tally.add("failed")
                                }
                            }
                        }
                    }
                }
                // After all that, an unscoped query on the same pool still raises: no tenant stuck to a session.
                await #expect(throws: (any Error).self) {
                    try await database.withTransaction(logger: logger) { connection in
                        try await connection.query("SELECT count(*) FROM cases", logger: logger).collect()
                    }
                }
                group.cancelAll()
            }
            #expect(tally.count("leak") == 0)
            #expect(tally.count("completed") == 8000)
            #expect(tally.count("failed") == 2000)
        }
    }
}
