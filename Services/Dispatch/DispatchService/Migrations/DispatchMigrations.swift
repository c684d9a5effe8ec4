import ServiceKit

/// Dispatch's schema, in order. Before the first release migrations may still be edited (a development
/// database is recreated); after it they are append-only (DESIGN §6).
enum DispatchMigrations {
    static func all(roles: DatabaseRoles) -> [Migration] {
        [
            TenancyMigration.currentTenantFunction,
            createMerchants,
            IdempotencyMigration.keysTable(worker: roles.worker),
            EventMigration.tables(worker: roles.worker),
            createDispatchCases,
        ]
    }

    /// The cases queued for their merchants (from `case.registered`), with the response deadline.
    static let createDispatchCases = Migration(
        "0004_create_dispatch_cases",
        statements: [
            """
            CREATE TABLE dispatch_cases (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                status text NOT NULL CHECK (status IN ('awaiting_acknowledgement', 'acknowledged', 'response_overdue')),
                queued_at timestamptz NOT NULL,
                respond_by timestamptz NOT NULL,
                acknowledged_at timestamptz,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
            "CREATE INDEX dispatch_cases_by_merchant ON dispatch_cases (tenant_id, merchant_id, status)",
        ] + TenancyMigration.tenantPolicy(on: "dispatch_cases")
    )

    static let createMerchants = Migration(
        "0001_create_merchants",
        statements: [
            """
            CREATE TABLE merchants (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                contacts jsonb NOT NULL CHECK (jsonb_typeof(contacts) = 'array'),
                regions text[] NOT NULL,
                status text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // One merchant per name in a tenant, whatever the letter case.
            "CREATE UNIQUE INDEX merchants_by_name ON merchants (tenant_id, lower(name))",
            // Regional dispatch batches pick merchants by region.
            "CREATE INDEX merchants_by_region ON merchants USING gin (regions)",
        ] + TenancyMigration.tenantPolicy(on: "merchants")
    )
}
