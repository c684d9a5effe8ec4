import ServiceKit

extension NotificationsMigrations {
    /// Webhook deliveries (issue: merchant webhooks): signing secrets, the case → merchant read model, one
    /// delivery per event and endpoint, and one log row per attempt. The delivery worker claims across
    /// tenants as the worker role, so these tables — and the endpoints it reads and disables — take the
    /// infrastructure policy: the tenant's rows for the app role, every row for the worker.
    static let deliverWebhooks = Migration(
        "0003_deliver_webhooks",
        statements: [
            "DROP POLICY webhook_endpoints_tenant_isolation ON webhook_endpoints",
            """
            ALTER TABLE webhook_endpoints
                ADD COLUMN disabled_reason text,
                ADD COLUMN failing_since timestamptz,
                ADD COLUMN last_error text
            """,
            """
            CREATE TABLE webhook_secrets (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                endpoint_id uuid NOT NULL,
                secret text NOT NULL,
                created_at timestamptz NOT NULL,
                -- Set when a newer secret replaced it: deliveries are signed with it too until then.
                expires_at timestamptz,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
            )
            """,
            "CREATE INDEX webhook_secrets_by_endpoint ON webhook_secrets (tenant_id, endpoint_id, created_at DESC)",
            """
            CREATE TABLE webhook_case_merchants (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
            """
            CREATE TABLE webhook_deliveries (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                endpoint_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                -- The webhook-id header: the event's id, the same at every attempt (the partner's idempotency key).
                message_id text NOT NULL,
                event_type text NOT NULL,
                subject_kind text NOT NULL,
                subject_id text NOT NULL,
                -- Order of queueing (lists).
                position bigint GENERATED ALWAYS AS IDENTITY,
                -- The event's business time: a subject's deliveries to an endpoint go in (occurred_at, message_id)
                -- order — the order the events happened, whichever service's relay brought them first (ids are
                -- UUIDv7: a later event of another service, made after the first reached it, sorts after).
                occurred_at timestamptz NOT NULL,
                -- The body exactly as signed and sent at every attempt.
                payload text NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                leased_until timestamptz,
                expires_at timestamptz NOT NULL,
                last_status integer,
                last_error text,
                created_at timestamptz NOT NULL,
                delivered_at timestamptz,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, endpoint_id, message_id),
                FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
            )
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'",
            """
            CREATE INDEX webhook_deliveries_subject_head
                ON webhook_deliveries (tenant_id, endpoint_id, subject_kind, subject_id, occurred_at, message_id)
                WHERE status = 'pending'
            """,
            "CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (tenant_id, endpoint_id, id)",
            """
            CREATE TABLE webhook_attempts (
                tenant_id uuid NOT NULL,
                delivery_id uuid NOT NULL,
                attempt integer NOT NULL,
                attempted_at timestamptz NOT NULL,
                succeeded boolean NOT NULL,
                http_status integer,
                latency_ms integer NOT NULL,
                error text,
                -- At most 1 KiB of the answer's body.
                response_excerpt text NOT NULL,
                PRIMARY KEY (tenant_id, delivery_id, attempt),
                FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id)
            )
            """,
        ]
            + ["webhook_endpoints", "webhook_secrets", "webhook_case_merchants", "webhook_deliveries", "webhook_attempts"].flatMap {
                TenancyMigration.infrastructurePolicy(on: $0, worker: NotificationsService.roles.worker)
            }
    )
}
