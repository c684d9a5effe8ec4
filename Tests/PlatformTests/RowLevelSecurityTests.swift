import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Logging
import Models
import NIOCore
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// The app role's view of `cases`: row-level security fails closed and keeps tenants apart, whatever the
/// query says.
@Suite struct RowLevelSecurityTests {
    let logger = Logger(label: "rls-test")

    @Test func anUnscopedQueryRaisesInsteadOfReturningNothing() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            try await database.connect { app in
                await #expect(throws: PSQLError.self) {
                    try await app.query("SELECT count(*) FROM cases", logger: logger).collect()
                }
                do {
                    _ = try await app.query("SELECT count(*) FROM cases", logger: logger).collect()
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.message] == "no tenant is set for this transaction", "\(String(reflecting: error))")
                }
            }
        }
    }

    @Test func aScopedTransactionSeesAndWritesOnlyItsTenant() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            try await oneCaseOfEachTenant(database)
            try await database.connect { app in
                try await app.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT set_config('app.tenant_id', \(TestTenants.a.description), true)", logger: logger)
                    // No tenant filter in the query: the policy alone must hide B's row.
                    let rows = try await connection.query("SELECT tenant_id FROM cases", logger: logger)
                    var seen: [UUID] = []
                    for try await tenant in rows.decode(UUID.self) { seen.append(tenant) }
                    #expect(seen == [TestTenants.a.uuid])
                    // Updating B's rows changes nothing.
                    let updated = try await connection.query(
                        "UPDATE cases SET reason = 'changed' WHERE tenant_id = \(TestTenants.b.uuid)",
                        logger: logger
                    )
                    _ = try await updated.collect()
                }
                // Writing a row for B while scoped to A is refused by the policy's check.
                let refusal = await #expect(throws: PostgresTransactionError.self) {
                    try await app.withTransaction(logger: logger) { connection in
                        try await connection.query("SELECT set_config('app.tenant_id', \(TestTenants.a.description), true)", logger: logger)
                        try await connection.query(
                            """
                            INSERT INTO cases (tenant_id, id, status, order_number, product_name, quantity, purchase_date, reason,
                                               requested_resolution, merchant_id, created_at)
                            VALUES (\(TestTenants.b.uuid), \(UUID.v7()), 'recorded', 'DD-2', 'kettle', 1, '2026-03-01', 'leaks',
                                    'refund_only', \(UUID.v7()), '2026-03-10T02:00:00Z')
                            """,
                            logger: logger
                        )
                    }
                }
                let cause = refusal?.closureError as? PSQLError
                #expect(cause?.serverInfo?[.sqlState] == "42501", "insufficient_privilege: the policy's WITH CHECK")
            }
            try await database.connect(as: "postgres") { admin in
                let rows = try await admin.query("SELECT count(*)::int FROM cases WHERE reason = 'changed' OR order_number = 'DD-2'", logger: logger)
                for try await count in rows.decode(Int.self) { #expect(count == 0) }
            }
        }
    }

    /// The view text searches read (migration 0007) selects the transaction's tenant itself: without one it
    /// raises as the policy does, with one it shows that tenant's cases only, and it cannot be written.
    @Test func theSearchViewKeepsTenantsApartAsThePolicyDoes() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            try await oneCaseOfEachTenant(database)
            try await database.connect { app in
                await #expect(throws: PSQLError.self) {
                    try await app.query("SELECT count(*) FROM tenant_cases", logger: logger).collect()
                }
                try await app.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT set_config('app.tenant_id', \(TestTenants.a.description), true)", logger: logger)
                    let rows = try await connection.query("SELECT tenant_id FROM tenant_cases WHERE product_name LIKE '%ettl%'", logger: logger)
                    var seen: [UUID] = []
                    for try await tenant in rows.decode(UUID.self) { seen.append(tenant) }
                    #expect(seen == [TestTenants.a.uuid])
                }
                await #expect(throws: PostgresTransactionError.self) {
                    try await app.withTransaction(logger: logger) { connection in
                        try await connection.query("SELECT set_config('app.tenant_id', \(TestTenants.a.description), true)", logger: logger)
                        try await connection.query("UPDATE tenant_cases SET reason = 'changed'", logger: logger)
                    }
                }
            }
        }
    }

    /// One case of tenant A and one of B, written by the superuser (no policy applies to it).
    func oneCaseOfEachTenant(_ database: TestDatabase) async throws {
        try await database.connect(as: "postgres") { admin in
            for tenant in [TestTenants.a, TestTenants.b] {
                try await admin.query(
                    """
                    INSERT INTO cases (tenant_id, id, status, order_number, product_name, quantity, purchase_date, reason,
                                       requested_resolution, merchant_id, created_at)
                    VALUES (\(tenant.uuid), \(UUID.v7()), 'recorded', 'DD-1', 'kettle', 1, '2026-03-01', 'leaks',
                            'refund_only', \(UUID.v7()), '2026-03-10T02:00:00Z')
                    """,
                    logger: logger
                )
            }
        }
    }
}
