/// The tables of events and durable time every service has (DESIGN §6), under infrastructure row-level
/// security: requests write them in their tenant's transaction; the worker role relays, fires and
/// redrives across tenants.
public enum EventMigration {
    public static func tables(worker: String) -> Migration {
        Migration(
            "platform.0003_events_and_timers",
            statements: [
                // The transactional outbox: appended in the same transaction as the change it describes.
                // `position` orders a subject's events as they were appended (its row lock orders commits).
                """
                CREATE TABLE outbox_events (
                    tenant_id uuid NOT NULL,
                    id uuid NOT NULL,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    type text NOT NULL,
                    subject_kind text NOT NULL,
                    subject_id text NOT NULL,
                    occurred_at timestamptz NOT NULL,
                    envelope jsonb NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                // One row per event and subscriber: its own attempts, backoff and fate. A dead letter is a
                // delivery whose status is `dead` (redrive puts it back to `pending`).
                """
                CREATE TABLE event_deliveries (
                    tenant_id uuid NOT NULL,
                    event_id uuid NOT NULL,
                    subscriber text NOT NULL,
                    position bigint NOT NULL,
                    subject_kind text NOT NULL,
                    subject_id text NOT NULL,
                    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
                    attempts integer NOT NULL DEFAULT 0,
                    next_attempt_at timestamptz NOT NULL,
                    created_at timestamptz NOT NULL,
                    last_attempt_at timestamptz,
                    last_status integer,
                    last_error text,
                    PRIMARY KEY (tenant_id, event_id, subscriber),
                    FOREIGN KEY (tenant_id, event_id) REFERENCES outbox_events (tenant_id, id)
                )
                """,
                "CREATE INDEX event_deliveries_due ON event_deliveries (subscriber, position) WHERE status = 'pending'",
                """
                CREATE INDEX event_deliveries_by_subject ON event_deliveries (subscriber, tenant_id, subject_kind, subject_id, position)
                    WHERE status = 'pending'
                """,
                "CREATE INDEX event_deliveries_dead ON event_deliveries (position) WHERE status = 'dead'",
                // The inbox: an event id recorded in the same transaction as its effect.
                """
                CREATE TABLE inbox_events (
                    tenant_id uuid NOT NULL,
                    event_id uuid NOT NULL,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    type text NOT NULL,
                    producer text NOT NULL,
                    subject_kind text NOT NULL,
                    subject_id text NOT NULL,
                    occurred_at timestamptz NOT NULL,
                    applied_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, event_id)
                )
                """,
                // Durable timers: scheduled and cancelled in the caller's transaction, claimed by due time.
                """
                CREATE TABLE timers (
                    tenant_id uuid NOT NULL,
                    id uuid NOT NULL,
                    kind text NOT NULL,
                    subject_kind text NOT NULL,
                    subject_id text NOT NULL,
                    due_at timestamptz NOT NULL,
                    payload jsonb NOT NULL,
                    status text NOT NULL CHECK (status IN ('pending', 'fired', 'cancelled')),
                    attempts integer NOT NULL DEFAULT 0,
                    retry_at timestamptz,
                    created_at timestamptz NOT NULL,
                    fired_at timestamptz,
                    fired_order bigint,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                // The order timers fired in, across workers (a history a test can read).
                "CREATE SEQUENCE timer_firings",
                "CREATE INDEX timers_due ON timers (due_at, id) WHERE status = 'pending'",
                "CREATE INDEX timers_by_subject ON timers (tenant_id, subject_kind, subject_id, kind) WHERE status = 'pending'",
            ]
                + TenancyMigration.infrastructurePolicy(on: "outbox_events", worker: worker)
                + TenancyMigration.infrastructurePolicy(on: "event_deliveries", worker: worker)
                + TenancyMigration.infrastructurePolicy(on: "inbox_events", worker: worker)
                + TenancyMigration.infrastructurePolicy(on: "timers", worker: worker)
        )
    }

    /// The deliveries no longer reference their event by a foreign key. Each is appended by the very statement
    /// that appends its event (``Outbox``), so the reference never dangled; checking it cost every delivery
    /// a lookup and a row lock of the event (five per registration), and the check's plan, cached by each
    /// connection while the outbox was small, went on scanning it whole as it grew (found by `make bench`:
    /// about 600 shared buffers read per registration).
    public static let deliveriesWithoutReference = Migration(
        "platform.0004_deliveries_without_reference",
        statements: ["ALTER TABLE event_deliveries DROP CONSTRAINT event_deliveries_tenant_id_event_id_fkey"]
    )
}
