import ServiceKit

extension DispatchMigrations {
    /// The merchant registry (商家): name, contacts, regions, status.
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
