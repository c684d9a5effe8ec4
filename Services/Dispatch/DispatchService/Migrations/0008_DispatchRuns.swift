import ServiceKit

extension DispatchMigrations {
    /// The morning runs (rules.md §2(b)): merchants whose items are carried to them (their response clock
    /// starts at the delivery leg), the cases waiting for a run or collected by one, and the runs with their
    /// legs — one open leg of a kind per case.
    static let dispatchRuns = Migration(
        "0008_dispatch_runs",
        statements: [
            "ALTER TABLE merchants ADD COLUMN case_handling text NOT NULL DEFAULT 'online' CHECK (case_handling IN ('online', 'carried'))",
            """
            ALTER TABLE dispatch_cases
                DROP CONSTRAINT dispatch_cases_status,
                ADD CONSTRAINT dispatch_cases_status CHECK (status IN (
                    'awaiting_routing', 'awaiting_dispatch', 'awaiting_acknowledgement', 'response_overdue', 'acknowledged',
                    'customer_consultation', 'inspected', 'resolution_proposed', 'resolution_agreed', 'ready_for_pickup', 'shipped_back',
                    'returned_to_mall', 'withdrawn'))
            """,
            "CREATE INDEX dispatch_cases_for_runs ON dispatch_cases (tenant_id, status, merchant_id) WHERE status IN ('awaiting_dispatch', 'ready_for_pickup')",
            """
            CREATE TABLE dispatch_runs (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                run_date date NOT NULL,
                region text NOT NULL,
                runner text NOT NULL,
                created_at timestamptz NOT NULL,
                created_by text NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // One run per day, region and runner.
            "CREATE UNIQUE INDEX dispatch_runs_per_day ON dispatch_runs (tenant_id, run_date, region, runner)",
            """
            CREATE TABLE run_legs (
                tenant_id uuid NOT NULL,
                run_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                merchant_name text NOT NULL,
                leg text NOT NULL CHECK (leg IN ('to_merchant', 'back_to_mall')),
                status text NOT NULL CHECK (status IN ('planned', 'out', 'delivered')),
                tracking_number text,
                due_at timestamptz NOT NULL,
                out_at timestamptz,
                delivered_at timestamptz,
                PRIMARY KEY (tenant_id, run_id, case_id, leg),
                FOREIGN KEY (tenant_id, run_id) REFERENCES dispatch_runs (tenant_id, id)
            )
            """,
            // A case is on one undelivered leg of a kind at a time.
            "CREATE UNIQUE INDEX run_legs_open ON run_legs (tenant_id, case_id, leg) WHERE status <> 'delivered'",
        ] + TenancyMigration.tenantPolicy(on: "dispatch_runs") + TenancyMigration.tenantPolicy(on: "run_legs")
    )
}
