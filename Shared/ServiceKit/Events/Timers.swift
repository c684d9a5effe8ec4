public import Foundation
public import Logging
public import Models
public import PostgresNIO

/// Durable timers (DESIGN §6): scheduled and cancelled inside the caller's transaction, so a timer exists
/// exactly when the state change that wanted it committed.
public struct Timers: Sendable {
    public init() {}

    /// Schedules `kind` for `subject`, due at `dueAt` (business time), carrying `payload`.
    @discardableResult
    public func schedule<Payload: Encodable>(
        _ kind: String,
        subject: EventSubject,
        dueAt: Date,
        payload: Payload,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> UUID {
        let entry = try entry(kind, subject: subject, dueAt: dueAt, payload: payload, tenant: tenant, now: now)
        try await connection.query("WITH \(timer: entry) SELECT 1", logger: logger)
        return entry.id
    }

    /// A timer ready to be scheduled inside the statement of the change that wants it
    /// (`WITH \(timer: entry), … INSERT …`: one round trip for both).
    public func entry<Payload: Encodable>(
        _ kind: String,
        subject: EventSubject,
        dueAt: Date,
        payload: Payload,
        tenant: TenantID,
        now: Date
    ) throws -> TimerEntry {
        TimerEntry(
            tenant: tenant,
            id: .v7(),
            kind: kind,
            subject: subject,
            dueAt: dueAt,
            now: now,
            payload: String(decoding: try WireJSON.encoder.encode(payload), as: UTF8.self)
        )
    }

    /// Cancels the pending timers of `kind` for `subject`; returns how many. A timer being fired right now
    /// by a worker holds its row: the cancel waits for it, and then finds it fired.
    @discardableResult
    public func cancel(_ kind: String, subject: EventSubject, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Int
    {
        let rows = try await connection.query(
            """
            UPDATE timers SET status = 'cancelled'
            WHERE tenant_id = \(tenant.uuid) AND subject_kind = \(subject.kind) AND subject_id = \(subject.id) AND kind = \(kind)
              AND status = 'pending'
            RETURNING id
            """,
            logger: logger
        )
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Whether a timer of `kind` for `subject` has fired already (a once-only deadline is not scheduled again).
    public func hasFired(
        _ kind: String,
        subject: EventSubject,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> Bool
    {
        let rows = try await connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM timers WHERE tenant_id = \(tenant.uuid) AND subject_kind = \(subject.kind) AND subject_id = \(subject.id)
                           AND kind = \(kind) AND status = 'fired')
            """,
            logger: logger
        )
        for try await fired in rows.decode(Bool.self) { return fired }
        return false
    }
}

/// A timer as its handler receives it.
public struct FiredTimer: Sendable {
    public let id: UUID
    public let tenant: TenantID
    public let kind: String
    public let subject: EventSubject
    public let dueAt: Date
    let payloadJSON: String

    /// The payload as scheduled.
    public func payload<P: Decodable>(as type: P.Type) throws -> P {
        try WireJSON.decoder.decode(P.self, from: Data(payloadJSON.utf8))
    }
}

/// One timer as the timers table stores it.
public struct TimerEntry: Sendable {
    public let tenant: TenantID
    public let id: UUID
    public let kind: String
    public let subject: EventSubject
    public let dueAt: Date
    let now: Date
    let payload: String
}

extension PostgresQuery.StringInterpolation {
    /// The common table expression that schedules `entry` — `<name> AS (INSERT INTO timers …)`, every value
    /// bound — for the `WITH` of the statement of the change that wants it; `onlyIf` names another CTE of the
    /// statement: the timer is scheduled only when that one returned a row.
    public mutating func appendInterpolation(timer entry: TimerEntry, as name: String = "timer", onlyIf condition: String? = nil) {
        appendLiteral("\(name) AS (INSERT INTO timers (tenant_id, id, kind, subject_kind, subject_id, due_at, payload, status, created_at) SELECT ")
        appendInterpolation(entry.tenant.uuid)
        appendLiteral(", ")
        appendInterpolation(entry.id)
        appendLiteral(", ")
        appendInterpolation(entry.kind)
        appendLiteral(", ")
        appendInterpolation(entry.subject.kind)
        appendLiteral(", ")
        appendInterpolation(entry.subject.id)
        appendLiteral(", ")
        appendInterpolation(entry.dueAt)
        appendLiteral(", ")
        appendInterpolation(entry.payload)
        appendLiteral("::jsonb, 'pending', ")
        appendInterpolation(entry.now)
        if let condition { appendLiteral(" WHERE EXISTS (SELECT 1 FROM \(condition))") }
        appendLiteral(")")
    }
}
