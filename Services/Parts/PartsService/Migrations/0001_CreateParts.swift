import ServiceKit

extension PartsMigrations {
    static let createParts = Migration(
        "0001_create_parts",
        statements: [
            """
            CREATE TABLE parts (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                part_number text NOT NULL CHECK (part_number = upper(part_number)),
                name text NOT NULL,
                fitting_models text[] NOT NULL,
                kind text NOT NULL,
                unit_cost_currency char(3) NOT NULL,
                unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, part_number)
            )
            """,
            // Which parts fit a model (a technician's lookup).
            "CREATE INDEX parts_by_fitting_model ON parts USING gin (fitting_models)",
        ] + TenancyMigration.tenantPolicy(on: "parts")
    )
}
