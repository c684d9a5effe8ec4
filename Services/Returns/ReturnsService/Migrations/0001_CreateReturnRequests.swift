import ServiceKit

extension ReturnsMigrations {
    static let createReturnRequests = Migration(
        "0001_create_return_requests",
        statements: [
            """
            CREATE TABLE return_requests (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                type text NOT NULL,
                amount_currency char(3) NOT NULL,
                amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
                reason text NOT NULL,
                status text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // One open request per case at a time (a platform refund request is one at a time, rules.md §3.1).
            "CREATE UNIQUE INDEX return_requests_open_per_case ON return_requests (tenant_id, case_id) WHERE status = 'requested'",
            // A merchant's queue of requests to answer.
            "CREATE INDEX return_requests_by_merchant ON return_requests (tenant_id, merchant_id, id)",
        ] + TenancyMigration.tenantPolicy(on: "return_requests")
    )
}
