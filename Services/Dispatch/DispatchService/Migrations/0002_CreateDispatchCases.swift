import ServiceKit

extension DispatchMigrations {
    /// The cases queued for their merchants (from `case.registered`), with the response deadline.
    static let createDispatchCases = Migration(
        "0002_create_dispatch_cases",
        statements: [
            """
            CREATE TABLE dispatch_cases (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                status text NOT NULL CHECK (status IN ('awaiting_acknowledgement', 'acknowledged', 'response_overdue')),
                queued_at timestamptz NOT NULL,
                respond_by timestamptz NOT NULL,
                acknowledged_at timestamptz,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
            "CREATE INDEX dispatch_cases_by_merchant ON dispatch_cases (tenant_id, merchant_id, status)",
        ] + TenancyMigration.tenantPolicy(on: "dispatch_cases")
    )
}
