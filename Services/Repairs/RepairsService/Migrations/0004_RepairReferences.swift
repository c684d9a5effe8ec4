import ServiceKit

extension RepairsMigrations {
    /// What Repairs knows of other services' records (DESIGN §6, read models kept by events): the tenant's
    /// cases, from Intake's `case.*` events, to check an order's case and to register the device of an agreed
    /// repair. And each tenant's QC checklists per
    /// device category (WS-14).
    static let repairReferences = Migration(
        "0004_repair_references",
        statements: [
            """
            CREATE TABLE case_directory (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                -- What an order opened from the case's agreed repair is registered with.
                product_name text NOT NULL,
                product_model text,
                product_category text,
                reported_fault text NOT NULL,
                cancelled boolean NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
            """
            CREATE TABLE qc_checklists (
                tenant_id uuid NOT NULL,
                category text NOT NULL,
                items text[] NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, category)
            )
            """,
        ] + ["case_directory", "qc_checklists"].flatMap(TenancyMigration.tenantPolicy(on:))
    )
}
