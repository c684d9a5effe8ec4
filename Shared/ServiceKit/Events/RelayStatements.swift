import Foundation
import PostgresNIO

/// The relay's claim: a subscriber's earliest due deliveries that head their subject, locked with
/// `SKIP LOCKED`, with their envelopes.
///
/// Plan-stable whatever the backlog: the candidates are first read in order from the pending index — a
/// window of a few batches, by address — and only they are found again (a TID scan), checked and locked.
/// Asked in one query over every pending delivery, the planner — its estimates off on a growing table —
/// scanned and sorted the whole backlog (470 ms per claim at 41,000 pending, `make bench` create-case with
/// Dispatch running), and joined back by key it walked a tenant's every pending delivery per candidate
/// (53,000 buffers per claim): a backlog slowed the relay that was to clear it. (The worker's connections
/// also start with bitmap scans off, ``DatabaseConfiguration/worker(_:role:)``: a bitmap scan and a sort of
/// every pending row is the plan a queue read must never take.) A subject whose head waits (a retry) leaves
/// its later events out of every batch; a window full of such events would leave the next batch empty until
/// a head is due again.
struct RelayClaim: PostgresPreparedStatement {
    static let name = "aftersales_relay_claim"
    static let sql = """
        WITH candidates AS MATERIALIZED (
            SELECT ctid FROM event_deliveries
            WHERE subscriber = $1 AND status = 'pending' AND next_attempt_at <= $2
            ORDER BY position
            LIMIT $4
        ), claimed AS (
            SELECT d.ctid::text AS row, d.tenant_id, d.event_id, d.attempts, d.created_at, d.position
            FROM event_deliveries d
            WHERE d.ctid = ANY (ARRAY(SELECT ctid FROM candidates))
              AND d.subscriber = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2 AND \(EventRelay.isSubjectHead)
            ORDER BY d.position
            LIMIT $3
            FOR UPDATE OF d SKIP LOCKED
        )
        SELECT c.row, c.tenant_id, c.event_id, c.attempts, c.created_at, o.envelope::text
        FROM claimed c JOIN outbox_events o ON o.tenant_id = c.tenant_id AND o.id = c.event_id
        ORDER BY c.position
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .timestamptz, .int8, .int8]
    typealias Row = EventRelay.Claimed

    let subscriber: String
    let now: Date
    let batchSize: Int
    /// Candidates read in position order before the head check and the locks.
    let window: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(subscriber)
        bindings.append(now)
        bindings.append(Int64(batchSize))
        bindings.append(Int64(window))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> EventRelay.Claimed {
        let (address, tenant, eventID, attempts, createdAt, envelope) = try row.decode((String, UUID, UUID, Int, Date, String).self)
        return EventRelay.Claimed(row: address, tenant: tenant, eventID: eventID, attempts: attempts, createdAt: createdAt, envelope: envelope)
    }
}

/// Settles a claimed batch by the acknowledgement rule, finding each row by its address (a TID scan: the
/// rows are locked by this transaction, so they have not moved). Found by key instead, the planner chose a
/// sequential scan of the whole delivery history (13 ms per batch at 57,000 rows, and growing with it).
struct RelaySettle: PostgresPreparedStatement {
    static let name = "aftersales_relay_settle"
    static let sql = """
        UPDATE event_deliveries d
        SET attempts = d.attempts + 1, last_attempt_at = $3, last_error = $4, last_status = $5,
            next_attempt_at = ($2::timestamptz[])[array_position($1::text[], d.ctid::text)],
            status = CASE WHEN $6 = 'pending' AND d.attempts + 1 >= $7 THEN 'dead' ELSE $6 END
        WHERE d.ctid = ANY($1::text[]::tid[])
        RETURNING d.status
        """
    static let bindingDataTypes: [PostgresDataType] = [.textArray, .timestamptzArray, .timestamptz, .text, .int4, .text, .int4]
    typealias Row = String

    let rows: [String]
    let nextAttempts: [Date]
    let now: Date
    let error: String?
    let httpStatus: Int?
    let status: String
    let maxAttempts: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(rows)
        bindings.append(nextAttempts)
        bindings.append(now)
        if let error { bindings.append(error) } else { bindings.appendNull() }
        if let httpStatus { bindings.append(Int32(httpStatus)) } else { bindings.appendNull() }
        bindings.append(status)
        bindings.append(Int32(maxAttempts))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}
