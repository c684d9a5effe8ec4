import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// The schema as PostgreSQL's catalog has it, checked against DESIGN §5: every table with a tenant_id is
/// under enabled and forced row-level security with a policy, keyed by tenant first; the app role owns
/// nothing and cannot bypass RLS.
@Suite struct SchemaCatalogTests {
    let logger = Logger(label: "catalog")

    @Test(arguments: PlatformServices.all)
    func everyTenantTableIsUnderForcedRowLevelSecurityAndKeyedByTenant(_ service: ServiceUnderTest) async throws {
        try await TestDatabase.withClone(of: service.name) { database in
            try await database.connect(as: "postgres") { admin in
                let tables = try await admin.query(
                    """
                    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                           (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                    ORDER BY c.relname
                    """,
                    logger: logger
                )
                var seen: [String] = []
                for try await (table, enabled, forced, policies) in tables.decode((String, Bool, Bool, Int).self) {
                    seen.append(table)
                    #expect(enabled, "\(table): row-level security not enabled")
                    #expect(forced, "\(table): row-level security not forced")
                    #expect(policies > 0, "\(table): no policy")
                }
                #expect(seen.contains(service.domainTable) && seen.contains("idempotency_keys"), "the check must see the tables: \(seen)")

                // Primary keys and unique indexes lead with tenant_id.
                let keys = try await admin.query(
                    """
                    SELECT c.relname, i.relname, a.attname
                    FROM pg_index x
                    JOIN pg_class c ON c.oid = x.indrelid
                    JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]
                    WHERE n.nspname = 'public' AND (x.indisprimary OR x.indisunique)
                      AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 'tenant_id')
                    """,
                    logger: logger
                )
                var indexes = 0
                for try await (table, index, firstColumn) in keys.decode((String, String, String).self) {
                    indexes += 1
                    #expect(firstColumn == "tenant_id", "\(table).\(index) leads with \(firstColumn)")
                }
                #expect(indexes >= 2)
            }
        }
    }

    @Test(arguments: PlatformServices.all)
    func theAppRoleOwnsNothingAndCannotBypassRowLevelSecurity(_ service: ServiceUnderTest) async throws {
        let app = "\(service.name)_app"
        let worker = "\(service.name)_worker"
        try await TestDatabase.withClone(of: service.name) { database in
            try await database.connect(as: "postgres") { admin in
                for role in [app, worker] {
                    let flags = try await admin.query(
                        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = \(role)",
                        logger: logger
                    )
                    var found = false
                    for try await (isSuper, bypass, createRole, createDB) in flags.decode((Bool, Bool, Bool, Bool).self) {
                        found = true
                        #expect(!isSuper && !bypass && !createRole && !createDB, "\(role) has privileges it must not")
                    }
                    #expect(found, "\(role) exists")
                    let owned = try await admin.query(
                        """
                        SELECT (SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = \(role))
                             + (SELECT count(*) FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE r.rolname = \(role))
                             + (SELECT count(*) FROM pg_namespace s JOIN pg_roles r ON r.oid = s.nspowner WHERE r.rolname = \(role))
                             + (SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = \(role))
                        """,
                        logger: logger
                    )
                    for try await count in owned.decode(Int.self) { #expect(count == 0, "\(role) owns \(count) objects") }
                }
                // The worker is the app role plus: it inherits the app role's grants.
                let membership = try await admin.query(
                    "SELECT pg_has_role(\(worker), \(app), 'MEMBER'), pg_has_role(\(app), \(worker), 'MEMBER')",
                    logger: logger
                )
                for try await (workerIsApp, appIsWorker) in membership.decode((Bool, Bool).self) {
                    #expect(workerIsApp)
                    #expect(!appIsWorker)
                }
            }
        }
    }

    /// The worker reaches every tenant's idempotency keys (to purge them), but no tenant's domain rows
    /// unscoped; the app role reaches neither unscoped.
    @Test(arguments: PlatformServices.all)
    func onlyTheWorkerCrossesTenantsAndOnlyOnInfrastructureTables(_ service: ServiceUnderTest) async throws {
        try await TestDatabase.withClone(of: service.name) { database in
            try await database.connect(as: "postgres") { admin in
                for tenant in [TestTenants.a, TestTenants.b] {
                    try await admin.query(
                        """
                        INSERT INTO idempotency_keys (tenant_id, principal, operation, key, request_hash, created_at, expires_at)
                        VALUES (\(tenant.uuid), 'p', 'CreateCase', 'k', 'h', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')
                        """,
                        logger: logger
                    )
                }
            }
            try await database.connect(as: "\(service.name)_worker") { worker in
                let rows = try await worker.query("SELECT count(*)::int FROM idempotency_keys", logger: logger)
                for try await count in rows.decode(Int.self) { #expect(count == 2) }
                await #expect(throws: PSQLError.self) {
                    try await worker.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(service.domainTable)"), logger: logger).collect()
                }
                let purged = try await IdempotencyStore().purge(
                    expiredBy: Date(timeIntervalSince1970: 1_773_200_000),
                    on: worker,
                    logger: logger
                )
                #expect(purged == 2)
            }
            try await database.connect { app in
                await #expect(throws: PSQLError.self) {
                    try await app.query("SELECT count(*) FROM idempotency_keys", logger: logger).collect()
                }
            }
        }
    }
}
