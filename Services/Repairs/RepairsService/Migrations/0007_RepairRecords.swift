import ServiceKit

extension RepairsMigrations {
    /// The repair record a case is told (rules.md §3.5, §3.6): the case's order line — an item without a serial
    /// is known by it — and the repair timers of its stamped policy (T-15, T-20); an order's diagnosed fault,
    /// by which the repairs of one fault on one item are counted (DS-04 D, FN-05) — and the workshop figures.
    static let repairRecords = Migration(
        "0007_repair_records",
        statements: [
            """
            ALTER TABLE case_directory
                ADD COLUMN order_number text,
                ADD COLUMN order_line text,
                ADD COLUMN repair_timers jsonb NOT NULL DEFAULT '[]'
            """,
            "ALTER TABLE repair_orders ADD COLUMN fault_code text",
            "CREATE INDEX repair_orders_handed_back_by_fault ON repair_orders (tenant_id, fault_code) WHERE status = 'delivered'",
            "CREATE INDEX case_directory_by_order_line ON case_directory (tenant_id, order_number, order_line)",
            // The workshop's figures: the orders handed back in a period (a delivered order's last change is its handover).
            "CREATE INDEX repair_orders_by_status_time ON repair_orders (tenant_id, status, updated_at)",
        ]
    )
}
