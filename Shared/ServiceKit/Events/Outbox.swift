public import Foundation
public import Logging
public import Models
public import PostgresNIO

/// Appends events to the service's outbox inside the caller's transaction (the transactional outbox of
/// DESIGN §6): the event commits with the change it describes, or neither does. One delivery row per
/// subscriber of the catalog is written with it, due at once.
public struct Outbox: Sendable {
    public let producer: String

    public init(producer: String) { self.producer = producer }

    /// The event of `payload` about `subjectID` for `tenant`, occurring at `now` (the business clock), ready
    /// to be appended — by ``append(_:on:logger:)``, or inside the statement of the change it describes
    /// (`WITH \(outbox: entry), … INSERT …`: one round trip for both).
    public func entry<P: EventPayload>(_ payload: P, subjectID: String, tenant: TenantID, now: Date) throws -> OutboxEntry {
        let envelope = EventEnvelope(
            id: .v7(),
            tenantID: tenant,
            subject: EventSubject(kind: P.subjectKind, id: subjectID),
            occurredAt: now,
            producer: producer,
            data: payload
        )
        return OutboxEntry(
            tenant: tenant,
            id: envelope.id,
            type: P.type,
            subject: envelope.subject,
            occurredAt: now,
            envelope: String(decoding: try WireJSON.encode(envelope), as: UTF8.self),
            subscribers: EventCatalog.subscribers(of: P.type)
        )
    }

    /// Appends `payload` about `subjectID` for `tenant`, occurring at `now`, in a statement of its own.
    /// - Returns: the event's id.
    @discardableResult
    public func append<P: EventPayload>(
        _ payload: P,
        subjectID: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> UUID {
        let entry = try entry(payload, subjectID: subjectID, tenant: tenant, now: now)
        try await append(entry, on: connection, logger: logger)
        return entry.id
    }

    /// Appends `entry` in a statement of its own.
    public func append(_ entry: OutboxEntry, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("WITH \(outbox: entry) SELECT 1", logger: logger)
    }
}

/// One event as the outbox stores it: its envelope (JSON) and the subscribers it is to be delivered to.
public struct OutboxEntry: Sendable {
    public let tenant: TenantID
    public let id: UUID
    public let type: String
    public let subject: EventSubject
    public let occurredAt: Date
    /// The envelope as JSON text, as appended (a statement may read its data instead of encoding it again).
    public let envelope: String
    let subscribers: [String]
}

extension PostgresQuery.StringInterpolation {
    /// The common table expressions that append `entry` to the outbox with its deliveries (none when nobody
    /// subscribes: kept as history) — `<name>_event AS (…), <name>_deliveries AS (…)`, every value bound —
    /// for the `WITH` of the statement that makes the change the event describes. Data-modifying CTEs run
    /// whether or not the rest of the statement reads them. Name each entry differently within a statement;
    /// `onlyIf` names another CTE of the statement: the event is appended only when that one returned a row.
    public mutating func appendInterpolation(outbox entry: OutboxEntry, as name: String = "outbox", onlyIf condition: String? = nil) {
        appendLiteral("\(name)_event AS (INSERT INTO outbox_events (tenant_id, id, type, subject_kind, subject_id, occurred_at, envelope) SELECT ")
        appendInterpolation(entry.tenant.uuid)
        appendLiteral(", ")
        appendInterpolation(entry.id)
        appendLiteral(", ")
        appendInterpolation(entry.type)
        appendLiteral(", ")
        appendInterpolation(entry.subject.kind)
        appendLiteral(", ")
        appendInterpolation(entry.subject.id)
        appendLiteral(", ")
        appendInterpolation(entry.occurredAt)
        appendLiteral(", ")
        appendInterpolation(entry.envelope)
        appendLiteral("::jsonb")
        if let condition { appendLiteral(" WHERE EXISTS (SELECT 1 FROM \(condition))") }
        appendLiteral(
            """
             RETURNING tenant_id, id, position, subject_kind, subject_id, occurred_at), \
            \(name)_deliveries AS (INSERT INTO event_deliveries (
                tenant_id, event_id, subscriber, position, subject_kind, subject_id, status, next_attempt_at, created_at)
            SELECT e.tenant_id, e.id, subscriber, e.position, e.subject_kind, e.subject_id, 'pending', e.occurred_at, e.occurred_at
            FROM \(name)_event e, unnest(
            """
        )
        appendInterpolation(entry.subscribers)
        appendLiteral("::text[]) AS subscriber)")
    }
}
