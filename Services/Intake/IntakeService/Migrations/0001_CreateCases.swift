import ServiceKit

extension IntakeMigrations {
    /// The case record (售后单) as registered, with its status.
    static let createCases = Migration(
        "0001_create_cases",
        statements: [
            """
            CREATE TABLE cases (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                status text NOT NULL,
                order_number text NOT NULL,
                product_name text NOT NULL,
                product_model text,
                quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
                purchase_date date NOT NULL,
                reason text NOT NULL,
                requested_resolution text NOT NULL,
                merchant_id uuid NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // A merchant's cases, newest last (ids are time-ordered UUIDv7).
            "CREATE INDEX cases_by_merchant ON cases (tenant_id, merchant_id, id)",
            // Staff look cases up by the order they came from.
            "CREATE INDEX cases_by_order ON cases (tenant_id, order_number)",
        ] + TenancyMigration.tenantPolicy(on: "cases")
    )
}
