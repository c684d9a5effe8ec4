public import Foundation
import Logging
public import Models
import PostgresNIO

/// Deliveries that will not succeed on their own (a 4xx answer, or the last attempt spent): listed and
/// redriven by platform operators across tenants, as the worker role.
public struct DeadLetters: Sendable {
    let database: Database
    let clock: any BusinessClock
    let wakeup: Wakeup
    let logger: Logger

    public struct Letter: Codable, Sendable, Equatable {
        public let tenantId: String
        public let eventId: String
        public let subscriber: String
        public let type: String
        public let subject: EventSubject
        public let attempts: Int
        public let lastStatus: Int?
        public let lastError: String?
        public let lastAttemptAt: String?
    }

    /// The dead letters, oldest event first, of one tenant or all.
    public func list(tenant: UUID?, limit: Int) async throws -> [Letter] {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT d.tenant_id, d.event_id, d.subscriber, o.type, d.subject_kind, d.subject_id, d.attempts, d.last_status,
                       d.last_error, d.last_attempt_at
                FROM event_deliveries d JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id
                WHERE d.status = 'dead' AND (\(tenant)::uuid IS NULL OR d.tenant_id = \(tenant))
                ORDER BY d.position
                LIMIT \(limit)
                """,
                logger: logger
            )
            var letters: [Letter] = []
            for try await (tenant, event, subscriber, type, kind, subject, attempts, status, error, at)
                in rows.decode((UUID, UUID, String, String, String, String, Int, Int?, String?, Date?).self)
            {
                letters.append(
                    Letter(
                        tenantId: tenant.wireText,
                        eventId: event.wireText,
                        subscriber: subscriber,
                        type: type,
                        subject: EventSubject(kind: kind, id: subject),
                        attempts: attempts,
                        lastStatus: status,
                        lastError: error,
                        lastAttemptAt: at.map(RFC3339.string)
                    )
                )
            }
            return letters
        }
    }

    /// Puts a dead letter back in the queue, due now with its attempts reset; false when there is none.
    public func redrive(tenant: UUID, event: UUID, subscriber: String) async throws -> Bool {
        let now = clock.now()
        let redriven = try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(now), last_error = NULL
                WHERE tenant_id = \(tenant) AND event_id = \(event) AND subscriber = \(subscriber) AND status = 'dead'
                RETURNING event_id
                """,
                logger: logger
            )
            for try await _ in rows { return true }
            return false
        }
        if redriven {
            logger.notice("dead letter redriven", metadata: ["event.id": "\(event.wireText)", "subscriber": "\(subscriber)"])
            wakeup.signal()
        }
        return redriven
    }
}
