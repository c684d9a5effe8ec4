import ServiceKit

extension RepairsMigrations {
    /// What Repairs knows of the parts its orders wait for, from Parts' events (DESIGN §6, a local read
    /// model): each requisition of a repair order with its expected arrival and the supplier's chases,
    /// the parts held and consumed for it, and the parts that failed in a repaired device.
    static let partsReadModel = Migration(
        "0003_parts_read_model",
        statements: [
            """
            CREATE TABLE part_waits (
                tenant_id uuid NOT NULL,
                requisition_id uuid NOT NULL,
                repair_order_id uuid NOT NULL,
                case_id uuid,
                part_id uuid NOT NULL,
                quantity bigint NOT NULL,
                status text NOT NULL,
                purchase_request_id uuid,
                expected_arrival timestamptz,
                chases integer NOT NULL DEFAULT 0,
                next_chase_at timestamptz,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, requisition_id)
            )
            """,
            "CREATE INDEX part_waits_by_order ON part_waits (tenant_id, repair_order_id)",
            """
            CREATE TABLE reserved_parts (
                tenant_id uuid NOT NULL,
                reservation_id uuid NOT NULL,
                repair_order_id uuid NOT NULL,
                part_id uuid NOT NULL,
                quantity bigint NOT NULL,
                status text NOT NULL,
                expires_at timestamptz NOT NULL,
                replacement_id uuid,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, reservation_id)
            )
            """,
            "CREATE INDEX reserved_parts_by_order ON reserved_parts (tenant_id, repair_order_id)",
            """
            CREATE TABLE failed_parts (
                tenant_id uuid NOT NULL,
                replacement_id uuid NOT NULL,
                part_id uuid NOT NULL,
                serial text NOT NULL,
                repair_order_id uuid NOT NULL,
                installed_at timestamptz NOT NULL,
                failed_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, replacement_id)
            )
            """,
            "CREATE INDEX failed_parts_by_serial ON failed_parts (tenant_id, serial)",
        ] + ["part_waits", "reserved_parts", "failed_parts"].flatMap(TenancyMigration.tenantPolicy(on:))
    )
}
