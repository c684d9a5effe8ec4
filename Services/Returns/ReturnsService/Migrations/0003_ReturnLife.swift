import ServiceKit

extension ReturnsMigrations {
    /// The request's life (rules.md §2(d)): where it came from and whose it is, its version, when it entered
    /// its status and the deadline running, and what each side said (`details`: evidence, rejection, offer,
    /// return parcel, receipt, review, refund, history). One open request per case — a refund decided but
    /// not yet paid is still open; one that lapsed (`user_overdue`) is not, so a new one may be filed (T-06).
    /// The two instants are null only on requests filed before this migration (read as their creation).
    static let returnLife = Migration(
        "0003_return_life",
        statements: [
            """
            ALTER TABLE return_requests
                ADD COLUMN source text NOT NULL DEFAULT 'agent',
                ADD COLUMN customer_ref text,
                ADD COLUMN version integer NOT NULL DEFAULT 1,
                ADD COLUMN status_entered_at timestamptz,
                ADD COLUMN due_at timestamptz,
                ADD COLUMN details jsonb NOT NULL DEFAULT '{}',
                ADD COLUMN updated_at timestamptz
            """,
            "DROP INDEX return_requests_open_per_case",
            """
            CREATE UNIQUE INDEX return_requests_open_per_case ON return_requests (tenant_id, case_id)
            WHERE status IN ('requested', 'in_platform_review', 'merchant_rejected', 'partial_refund_offered', 'awaiting_return',
                             'item_returned', 'refund_approved')
            """,
            // The arbitrator's queue and the lists by status.
            "CREATE INDEX return_requests_by_status ON return_requests (tenant_id, status, id)",
            // A storefront's customer reads their own.
            "CREATE INDEX return_requests_by_customer ON return_requests (tenant_id, customer_ref, id) WHERE customer_ref IS NOT NULL",
            """
            CREATE TABLE case_directory (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid,
                price_currency char(3),
                price_minor bigint,
                judgement jsonb,
                cancelled boolean NOT NULL,
                -- False while only Dispatch's or a revision's event has arrived (events of two producers
                -- arrive in any order): the case is not known until Intake's registration is.
                registered boolean NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
        ] + TenancyMigration.tenantPolicy(on: "case_directory")
    )
}
