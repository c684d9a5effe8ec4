import ServiceKit

extension IntakeMigrations {
    /// One timeline per case (DESIGN §6): every event about it from every service, kept once per event id,
    /// read in the order things happened (not arrived); who registered the case.
    static let createCaseTimeline = Migration(
        "0004_create_case_timeline",
        statements: [
            "ALTER TABLE cases ADD COLUMN registered_by_role text",
            """
            CREATE TABLE case_timeline (
                tenant_id uuid NOT NULL,
                event_id uuid NOT NULL,
                case_id uuid NOT NULL,
                type text NOT NULL,
                occurred_at timestamptz NOT NULL,
                producer text NOT NULL,
                actor_role text NOT NULL,
                visibility text NOT NULL CHECK (visibility IN ('customer', 'merchant', 'internal', 'finance')),
                merchant_id uuid,
                due_at timestamptz,
                data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
                recorded_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, event_id)
            )
            """,
            "CREATE INDEX case_timeline_by_case ON case_timeline (tenant_id, case_id, occurred_at, event_id)",
        ] + TenancyMigration.tenantPolicy(on: "case_timeline")
    )
}
