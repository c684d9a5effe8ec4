import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Intake's SQL about a case's life: its status locked for a step, and its timeline. Every call runs in a
/// tenant-scoped transaction (the inbox's, or a request's).
struct CaseTimelineStore {
    /// Locks the case until the transaction ends, then keeps `entry` once (a redelivered event is the same
    /// entry) — one statement, the lock taken first: two events of one case from two producers apply one after
    /// the other.
    /// - Returns: the case's status and its merchant (none while it is routed) when the entry is new; nil when
    ///   it was kept already or this tenant has no such case (the entry is kept all the same).
    func lockAndRecord(
        _ entry: TimelineEntry,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> (CaseStatus, UUID?)?
    {
        let rows = try await connection.query(
            """
            WITH locked AS (
                SELECT status, merchant_id FROM cases WHERE tenant_id = \(tenant.uuid) AND id = \(entry.caseID) FOR UPDATE
            ), recorded AS (
                INSERT INTO case_timeline (tenant_id, event_id, case_id, type, occurred_at, producer, actor_role, visibility,
                                           merchant_id, due_at, data, recorded_at)
                VALUES (\(tenant.uuid), \(entry.eventID), \(entry.caseID), \(entry.type), \(entry.occurredAt), \(entry.producer),
                        \(entry.actorRole), \(entry.visibility.rawValue), \(entry.merchantID), \(entry.dueAt), \(entry.data)::jsonb, \(now))
                ON CONFLICT (tenant_id, event_id) DO NOTHING
                RETURNING event_id
            )
            SELECT status, merchant_id FROM locked WHERE EXISTS (SELECT 1 FROM recorded)
            """,
            logger: logger
        )
        for try await (status, merchant) in rows.decode((String, UUID?).self) {
            guard let status = CaseStatus(rawValue: status) else { throw StoredValueError(table: "cases", id: entry.caseID) }
            return (status, merchant)
        }
        return nil
    }

    /// Who has the case after a step: unchanged, or the merchant Dispatch queued it for (none: it went back
    /// to routing) — the one whose token reads it.
    enum MerchantChange: Equatable {
        case keep
        case set(UUID?)
    }

    /// Moves the case to `status`, to `merchant`, and keeps the deadline its current step runs against
    /// (``CaseDeadline``): a step that happened before the one that last set it changes nothing (events arrive
    /// out of order). One row version for all three: every index of the case and its counts change once.
    func advance(
        _ caseID: UUID,
        to status: CaseStatus,
        merchant: MerchantChange,
        deadline: CaseDeadline.Change,
        occurredAt: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let (sets, due): (Bool, Date?) =
            switch deadline {
            case .keep: (false, nil)
            case .set(let due): (true, due)
            }
        let (moves, holder): (Bool, UUID?) =
            switch merchant {
            case .keep: (false, nil)
            case .set(let holder): (true, holder)
            }
        try await connection.query(
            """
            UPDATE cases SET status = \(status.rawValue),
                   merchant_id = CASE WHEN \(moves) THEN \(holder)::uuid ELSE merchant_id END,
                   due_at = CASE WHEN \(sets) AND (due_set_at IS NULL OR due_set_at <= \(occurredAt)) THEN \(due) ELSE due_at END,
                   due_set_at = CASE WHEN \(sets) AND (due_set_at IS NULL OR due_set_at <= \(occurredAt)) THEN \(occurredAt) ELSE due_set_at END
            WHERE tenant_id = \(tenant.uuid) AND id = \(caseID)
            """,
            logger: logger
        )
    }

    /// The resolution agreed for the case; a later agreement replaces an earlier one, never the reverse.
    func decide(
        _ caseID: UUID,
        _ resolution: Resolution,
        occurredAt: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    )
        async throws
    {
        try await connection.query(
            """
            UPDATE cases SET decided_resolution = \(resolution.rawValue), decided_at = \(occurredAt)
            WHERE tenant_id = \(tenant.uuid) AND id = \(caseID) AND (decided_at IS NULL OR decided_at <= \(occurredAt))
            """,
            logger: logger
        )
    }

    /// Keeps Intake's own step once, in the transaction that changed the case (it holds the case's row lock
    /// already, so ``lockAndRecord(_:tenant:now:on:logger:)`` takes nothing new).
    func record(_ entry: TimelineEntry, tenant: TenantID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await lockAndRecord(entry, tenant: tenant, now: now, on: connection, logger: logger)
    }

    /// Up to `limit` entries of the case after `after`, in the order they happened, of the kinds `visible`
    /// and — for a merchant — not another merchant's. The registration is the first entry (its id is the
    /// case's).
    func page(
        _ caseID: UUID,
        tenant: TenantID,
        visible: [TimelineVisibility],
        merchant: UUID?,
        after: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [TimelineEntry] {
        let rows = try await connection.query(
            """
            WITH entries AS (
                SELECT id AS event_id, 'case.registered' AS type, created_at AS occurred_at, 'intake' AS producer,
                       coalesce(registered_by_role, 'intake_clerk') AS actor_role, 'customer' AS visibility, merchant_id,
                       NULL::timestamptz AS due_at,
                       jsonb_build_object('caseId', id, 'orderNumber', order_number, 'productName', product_name,
                                          'requestedResolution', requested_resolution, 'merchantId', merchant_id) AS data
                FROM cases WHERE tenant_id = \(tenant.uuid) AND id = \(caseID)
                UNION ALL
                SELECT event_id, type, occurred_at, producer, actor_role, visibility, merchant_id, due_at, data
                FROM case_timeline WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID)
            )
            SELECT event_id, type, occurred_at, producer, actor_role, visibility, merchant_id, due_at, data::text AS data
            FROM entries
            WHERE visibility = ANY(\(visible.map(\.rawValue))::text[])
              AND (\(merchant)::uuid IS NULL OR merchant_id IS NULL OR merchant_id = \(merchant))
              AND (\(after)::uuid IS NULL
                   OR (occurred_at, event_id) > (SELECT occurred_at, event_id FROM entries WHERE event_id = \(after)))
            ORDER BY occurred_at, event_id
            LIMIT \(limit)
            """,
            logger: logger
        )
        var entries: [TimelineEntry] = []
        for try await (id, type, occurredAt, producer, actor, visibility, merchantID, dueAt, data) in rows.decode(
            (UUID, String, Date, String, String, String, UUID?, Date?, String).self
        ) {
            guard let visibility = TimelineVisibility(rawValue: visibility) else { throw StoredValueError(table: "case_timeline", id: id) }
            entries.append(
                TimelineEntry(
                    eventID: id,
                    caseID: caseID,
                    type: type,
                    occurredAt: occurredAt,
                    producer: producer,
                    actorRole: actor,
                    visibility: visibility,
                    merchantID: merchantID,
                    dueAt: dueAt,
                    data: data
                )
            )
        }
        return entries
    }
}
