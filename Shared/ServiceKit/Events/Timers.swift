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
        let id = UUID.v7()
        let json = String(decoding: try WireJSON.encoder.encode(payload), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO timers (tenant_id, id, kind, subject_kind, subject_id, due_at, payload, status, created_at)
            VALUES (\(tenant.uuid), \(id), \(kind), \(subject.kind), \(subject.id), \(dueAt), \(json)::jsonb, 'pending', \(now))
            """,
            logger: logger
        )
        return id
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
