import ServiceKit

extension RepairsMigrations {
    /// Repair orders: each one document of its steps (`record`, the contract's shape), with the columns its
    /// lists, its references and a device's previous repair warranty are found by.
    static let createRepairOrders = Migration(
        "0001_create_repair_orders",
        statements: [
            """
            CREATE TABLE repair_orders (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid,
                merchant_id uuid,
                serial_number text,
                status text NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                -- The last day of the repair's own warranty, once settled (SH-12).
                warranty_ends date,
                record jsonb NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // The repairs of a case; a merchant's orders; a device's history by serial number.
            "CREATE INDEX repair_orders_by_case ON repair_orders (tenant_id, case_id) WHERE case_id IS NOT NULL",
            "CREATE INDEX repair_orders_by_merchant ON repair_orders (tenant_id, merchant_id, id) WHERE merchant_id IS NOT NULL",
            "CREATE INDEX repair_orders_by_serial ON repair_orders (tenant_id, serial_number) WHERE serial_number IS NOT NULL",
            // The desk's queue by state.
            "CREATE INDEX repair_orders_by_status ON repair_orders (tenant_id, status, id)",
        ] + TenancyMigration.tenantPolicy(on: "repair_orders")
    )
}
