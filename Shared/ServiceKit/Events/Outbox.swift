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

    /// Appends `payload` about `subjectID` for `tenant`, occurring at `now` (the business clock).
    /// - Returns: the envelope as committed.
    @discardableResult
    public func append<P: EventPayload>(
        _ payload: P,
        subjectID: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> EventEnvelope<P> {
        let envelope = EventEnvelope(
            id: .v7(),
            tenantID: tenant,
            subject: EventSubject(kind: P.subjectKind, id: subjectID),
            occurredAt: now,
            producer: producer,
            data: payload
        )
        let json = String(decoding: try WireJSON.encoder.encode(envelope), as: UTF8.self)
        let subscribers = EventCatalog.subscribers(of: P.type)
        // One statement: the event and its deliveries (none when nobody subscribes: kept as history).
        try await connection.query(
            """
            WITH event AS (
                INSERT INTO outbox_events (tenant_id, id, type, subject_kind, subject_id, occurred_at, envelope)
                VALUES (\(tenant.uuid), \(envelope.id), \(P.type), \(P.subjectKind), \(subjectID), \(now), \(json)::jsonb)
                RETURNING tenant_id, id, position, subject_kind, subject_id, occurred_at
            )
            INSERT INTO event_deliveries (
                tenant_id, event_id, subscriber, position, subject_kind, subject_id, status, next_attempt_at, created_at
            )
            SELECT event.tenant_id, event.id, subscriber, event.position, event.subject_kind, event.subject_id, 'pending',
                   event.occurred_at, event.occurred_at
            FROM event, unnest(\(subscribers)::text[]) AS subscriber
            """,
            logger: logger
        )
        return envelope
    }
}
