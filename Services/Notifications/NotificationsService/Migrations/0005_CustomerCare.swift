import ServiceKit

extension NotificationsMigrations {
    /// Customer care (rules.md §2(g), §2(h)): the cases' customers (kept from Intake's events), the tenant's care
    /// settings, templates and customers' contact preferences, the messages made from them, follow-up tasks
    /// and their calls, satisfaction surveys, and complaints with their steps. Every table is the tenant's
    /// alone (row-level security); timers and events reach them inside a tenant-scoped transaction.
    static let customerCare = Migration(
        "0005_customer_care",
        statements: [
            """
            CREATE TABLE care_cases (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid,
                order_number text,
                product_name text,
                product_category text,
                customer_name text,
                -- E.164, as Intake normalised it (case.contact_recorded).
                customer_phone text,
                -- The follow-up windows stamped on the case by its policy (absent: the tenant's care settings).
                follow_up jsonb,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
            """
            CREATE TABLE care_settings (
                tenant_id uuid PRIMARY KEY,
                quiet_start text NOT NULL,
                quiet_end text NOT NULL,
                follow_up jsonb NOT NULL,
                default_language text NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE message_templates (
                tenant_id uuid NOT NULL,
                notice text NOT NULL,
                language text NOT NULL,
                body text NOT NULL,
                updated_at timestamptz NOT NULL,
                updated_by text NOT NULL,
                PRIMARY KEY (tenant_id, notice, language)
            )
            """,
            """
            CREATE TABLE contact_preferences (
                tenant_id uuid NOT NULL,
                phone text NOT NULL,
                language text NOT NULL,
                channel text NOT NULL,
                email text,
                quiet_start text,
                quiet_end text,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, phone)
            )
            """,
            """
            CREATE TABLE customer_messages (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid,
                notice text NOT NULL,
                -- The event (or survey) that asked for it: one message per notice and cause, however often it comes.
                cause text NOT NULL,
                channel text NOT NULL,
                recipient text,
                language text NOT NULL,
                body text NOT NULL,
                status text NOT NULL CHECK (status IN ('scheduled', 'sent', 'undeliverable')),
                due_at timestamptz NOT NULL,
                -- After quiet hours.
                send_at timestamptz NOT NULL,
                sent_at timestamptz,
                provider_reference text,
                failure text,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, cause, notice)
            )
            """,
            "CREATE INDEX customer_messages_by_case ON customer_messages (tenant_id, case_id, id)",
            """
            CREATE TABLE follow_up_tasks (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                repair_order_id uuid,
                -- What the calls follow: the repair order handed back.
                anchor_id uuid NOT NULL,
                sequence integer NOT NULL CHECK (sequence IN (1, 2)),
                opens_at timestamptz NOT NULL,
                due_by timestamptz NOT NULL,
                status text NOT NULL CHECK (status IN ('open', 'done')),
                assignee text,
                created_at timestamptz NOT NULL,
                done_at timestamptz,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, anchor_id, sequence)
            )
            """,
            "CREATE INDEX follow_up_tasks_open ON follow_up_tasks (tenant_id, opens_at, id) WHERE status = 'open'",
            """
            CREATE TABLE follow_up_calls (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                task_id uuid NOT NULL,
                called_at timestamptz NOT NULL,
                agent text NOT NULL,
                outcome text NOT NULL CHECK (outcome IN ('reached', 'not_reached')),
                notes text,
                complaint_id uuid,
                next_contact_at timestamptz,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, task_id) REFERENCES follow_up_tasks (tenant_id, id)
            )
            """,
            """
            CREATE TABLE satisfaction_surveys (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid,
                product_category text,
                sent_at timestamptz NOT NULL,
                score integer CHECK (score BETWEEN 1 AND 5),
                comment text,
                answered_at timestamptz,
                PRIMARY KEY (tenant_id, id),
                -- One survey per resolved case.
                UNIQUE (tenant_id, case_id)
            )
            """,
            "CREATE INDEX satisfaction_surveys_by_time ON satisfaction_surveys (tenant_id, sent_at)",
            """
            CREATE TABLE complaints (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid,
                channel text NOT NULL,
                customer_name text NOT NULL,
                customer_phone text NOT NULL,
                category text NOT NULL,
                urgency text NOT NULL,
                summary text NOT NULL,
                owner text,
                status text NOT NULL CHECK (status IN ('open', 'awaiting_reply', 'escalated', 'closed')),
                received_at timestamptz NOT NULL,
                received_by text NOT NULL,
                first_response_due timestamptz NOT NULL,
                first_responded_at timestamptz,
                sla_breached_at timestamptz,
                promised_reply_at timestamptz,
                reply_overdue_at timestamptz,
                escalation_due timestamptz NOT NULL,
                escalated_at timestamptz,
                outcome text,
                customer_satisfied boolean,
                closed_at timestamptz,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX complaints_by_time ON complaints (tenant_id, received_at, id)",
            """
            CREATE TABLE complaint_steps (
                tenant_id uuid NOT NULL,
                complaint_id uuid NOT NULL,
                position integer NOT NULL,
                step text NOT NULL,
                at timestamptz NOT NULL,
                by text NOT NULL,
                note text,
                promised_reply_at timestamptz,
                PRIMARY KEY (tenant_id, complaint_id, position),
                FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
            )
            """,
        ]
            + [
                "care_cases", "care_settings", "message_templates", "contact_preferences", "customer_messages", "follow_up_tasks",
                "follow_up_calls", "satisfaction_surveys", "complaints", "complaint_steps",
            ].flatMap { TenancyMigration.tenantPolicy(on: $0) }
    )
}
