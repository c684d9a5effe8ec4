import ServiceKit

extension RepairsMigrations {
    static let createRepairOrders = Migration(
        "0001_create_repair_orders",
        statements: [
            """
            CREATE TABLE repair_orders (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid,
                product_name text NOT NULL,
                model text,
                serial_number text,
                reported_fault text NOT NULL,
                accompanying_items text[] NOT NULL,
                status text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // The repairs of a case; a device's history by serial number.
            "CREATE INDEX repair_orders_by_case ON repair_orders (tenant_id, case_id) WHERE case_id IS NOT NULL",
            "CREATE INDEX repair_orders_by_serial ON repair_orders (tenant_id, serial_number) WHERE serial_number IS NOT NULL",
        ] + TenancyMigration.tenantPolicy(on: "repair_orders")
    )
}
