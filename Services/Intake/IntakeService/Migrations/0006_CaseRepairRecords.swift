import ServiceKit

extension IntakeMigrations {
    /// The repair records of each case as Repairs last reported them (`repairs.repair_recorded`), and what they
    /// add to the case's facts (days away, repeated faults, an exchange), read with the case.
    static let caseRepairRecords = Migration(
        "0006_case_repair_records",
        statements: [
            """
            CREATE TABLE case_repair_records (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                repair_order_id uuid NOT NULL,
                record jsonb NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, case_id, repair_order_id)
            )
            """,
            "ALTER TABLE cases ADD COLUMN repair_facts jsonb",
        ] + TenancyMigration.tenantPolicy(on: "case_repair_records")
    )
}
