import ServiceKit

extension DispatchMigrations {
    /// The merchant handshake (rules.md §2(b), §2(c)): a case held at Dispatch from registration on — the
    /// routing queue is its `awaiting_routing` state — with the merchant's current deadline and chases, the
    /// inspection, proposal, agreement and item return; the history of assignments; the dispatcher's tasks;
    /// the escalation desk with its contacts.
    static let merchantHandshake = Migration(
        "0007_merchant_handshake",
        statements: [
            """
            ALTER TABLE dispatch_cases
                ALTER COLUMN merchant_id DROP NOT NULL,
                ALTER COLUMN respond_by DROP NOT NULL,
                DROP CONSTRAINT dispatch_cases_status,
                ADD CONSTRAINT dispatch_cases_status CHECK (status IN (
                    'awaiting_routing', 'awaiting_acknowledgement', 'response_overdue', 'acknowledged', 'customer_consultation',
                    'inspected', 'resolution_proposed', 'resolution_agreed', 'ready_for_pickup', 'shipped_back', 'withdrawn')),
                ADD COLUMN routing_reason text CHECK (routing_reason IN ('no_merchant', 'merchant_suspended', 'merchant_declined')),
                ADD COLUMN due_at timestamptz,
                ADD COLUMN chase_count integer NOT NULL DEFAULT 0 CHECK (chase_count >= 0),
                ADD COLUMN chases_total integer NOT NULL DEFAULT 0 CHECK (chases_total >= 0),
                ADD COLUMN escalated boolean NOT NULL DEFAULT false,
                ADD COLUMN overdue_at timestamptz,
                ADD COLUMN requested_resolution text,
                ADD COLUMN judgement jsonb,
                ADD COLUMN inspection jsonb,
                ADD COLUMN proposal jsonb,
                ADD COLUMN agreement jsonb,
                ADD COLUMN item_return jsonb
            """,
            // The rows of before (every tenant's) move here by the owner, RLS lifted for these statements only.
            "ALTER TABLE dispatch_cases NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE routing_queue NO FORCE ROW LEVEL SECURITY",
            // Cases queued before chasing: their deadline is the acknowledgement's.
            "UPDATE dispatch_cases SET due_at = respond_by WHERE status = 'awaiting_acknowledgement'",
            "UPDATE dispatch_cases SET overdue_at = respond_by WHERE status = 'response_overdue'",
            """
            INSERT INTO dispatch_cases (tenant_id, case_id, merchant_id, status, queued_at, routing_reason)
            SELECT tenant_id, case_id, NULL, 'awaiting_routing', queued_at, reason FROM routing_queue
            ON CONFLICT (tenant_id, case_id) DO NOTHING
            """,
            "DROP TABLE routing_queue",
            "ALTER TABLE dispatch_cases FORCE ROW LEVEL SECURITY",
            """
            ALTER TABLE dispatch_cases
                ADD CONSTRAINT dispatch_cases_routing CHECK ((status = 'awaiting_routing') = (routing_reason IS NOT NULL)),
                ADD CONSTRAINT dispatch_cases_merchant CHECK (status IN ('awaiting_routing', 'withdrawn') OR merchant_id IS NOT NULL)
            """,
            // The routing queue and a merchant's inbox, newest first by case id (UUIDv7).
            "CREATE INDEX dispatch_cases_routing_queue ON dispatch_cases (tenant_id, case_id) WHERE status = 'awaiting_routing'",
            "CREATE INDEX dispatch_cases_by_merchant_case ON dispatch_cases (tenant_id, merchant_id, case_id)",
            """
            CREATE TABLE case_assignments (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                assigned_at timestamptz NOT NULL,
                assigned_by text NOT NULL,
                ended_at timestamptz,
                end_reason text CHECK (end_reason IN ('merchant_declined', 'merchant_suspended', 'reassigned')),
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX case_assignments_by_case ON case_assignments (tenant_id, case_id, id)",
            "CREATE INDEX case_assignments_by_merchant ON case_assignments (tenant_id, merchant_id, assigned_at)",
            """
            CREATE TABLE dispatcher_tasks (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid,
                kind text NOT NULL CHECK (kind IN ('call_customer', 'chase_merchant')),
                note text NOT NULL,
                created_at timestamptz NOT NULL,
                done_at timestamptz,
                done_by text,
                outcome text,
                PRIMARY KEY (tenant_id, id),
                CHECK ((done_at IS NULL) = (outcome IS NULL))
            )
            """,
            "CREATE INDEX dispatcher_tasks_open ON dispatcher_tasks (tenant_id, id) WHERE done_at IS NULL",
            """
            CREATE TABLE escalations (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid,
                reason text NOT NULL,
                trigger text NOT NULL CHECK (trigger IN ('chased_out', 'on_demand', 'proposal_declined')),
                status text NOT NULL CHECK (status IN ('open', 'closed')),
                opened_at timestamptz NOT NULL,
                due_at timestamptz NOT NULL,
                breached_at timestamptz,
                outcome text CHECK (outcome IN ('resolution_agreed', 'returned_to_merchant')),
                resolution text,
                carried_out_by text,
                note text,
                closed_at timestamptz,
                closed_by text,
                PRIMARY KEY (tenant_id, id),
                CHECK ((status = 'closed') = (outcome IS NOT NULL))
            )
            """,
            // One open escalation per case.
            "CREATE UNIQUE INDEX escalations_open_per_case ON escalations (tenant_id, case_id) WHERE status = 'open'",
            "CREATE INDEX escalations_by_status ON escalations (tenant_id, status, id)",
            """
            CREATE TABLE escalation_contacts (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                escalation_id uuid NOT NULL,
                party text NOT NULL CHECK (party IN ('customer', 'merchant', 'channel_department', 'operations_department')),
                channel text NOT NULL CHECK (channel IN ('phone', 'im', 'email', 'visit')),
                note text NOT NULL,
                at timestamptz NOT NULL,
                recorded_by text NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, escalation_id) REFERENCES escalations (tenant_id, id)
            )
            """,
            "CREATE INDEX escalation_contacts_by_escalation ON escalation_contacts (tenant_id, escalation_id, id)",
        ] + TenancyMigration.tenantPolicy(on: "case_assignments") + TenancyMigration.tenantPolicy(on: "dispatcher_tasks")
            + TenancyMigration.tenantPolicy(on: "escalations") + TenancyMigration.tenantPolicy(on: "escalation_contacts")
    )
}
