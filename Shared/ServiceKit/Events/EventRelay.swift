import Foundation
public import Logging
import Models
import PostgresNIO

/// Delivers the outbox to subscribers (DESIGN §6, §9): claims due deliveries with `FOR UPDATE SKIP LOCKED`
/// as the worker role, posts them as one batch to the subscriber's `EventSink/Deliver` with the service's
/// token, and settles them by the acknowledgement rule — in the claim's transaction, so a process dying
/// anywhere before commit leaves them pending for the next relay (at least once).
///
/// Per-subject order: only the earliest pending delivery of a subject is ever claimable, so a later event
/// waits while an earlier one retries, with any number of relays.
public struct EventRelay: Sendable {
    let producer: String
    let database: Database
    let clock: any BusinessClock
    let client: PlatformClient?
    let subscriberURLs: [String: String]
    let timeout: Duration
    let batchSize: Int
    let backoff: Backoff
    let metrics: ServiceMetrics
    let faults: FaultPoints?
    let logger: Logger

    var subscribers: [String] { subscriberURLs.keys.sorted() }

    /// One batch per subscriber; returns the number of deliveries settled (delivered, retried or dead).
    public func runOnce() async -> Int {
        var settled = 0
        for subscriber in subscribers {
            do {
                settled += try await deliverBatch(to: subscriber)
            } catch {
                logger.warning("event relay pass failed", metadata: ["subscriber": "\(subscriber)", "error": "\(String(reflecting: error))"])
            }
        }
        return settled
    }

    private struct Claimed {
        let tenant: UUID
        let eventID: UUID
        let attempts: Int
        let createdAt: Date
        let envelope: String
    }

    private func deliverBatch(to subscriber: String) async throws -> Int {
        guard let client, let baseURL = subscriberURLs[subscriber] else { return 0 }
        return try await database.withTransaction(logger: logger) { connection in
            let now = clock.now()
            let claimed = try await claim(subscriber, now: now, on: connection)
            guard !claimed.isEmpty else {
                metrics.recordOutboxLag(subscriber: subscriber, seconds: 0)
                return 0
            }
            metrics.recordOutboxLag(subscriber: subscriber, seconds: claimed.map { now.timeIntervalSince($0.createdAt) }.max() ?? 0)
            faults?.crash(at: .relayAfterClaim)

            let body = Data((#"{"events":["# + claimed.map(\.envelope).joined(separator: ",") + "]}").utf8)
            let outcome: DeliveryOutcome
            var httpStatus: Int?
            do {
                let answer = try await client.post(baseURL, path: PlatformPaths.deliver, body: body, timeout: timeout)
                httpStatus = answer.status
                outcome = .of(status: answer.status, body: answer.text)
            } catch {
                outcome = .retry(reason: "no answer: \(String(describing: error).prefix(300))")
            }
            faults?.crash(at: .relayAfterPost)

            try await settle(claimed, subscriber: subscriber, outcome: outcome, httpStatus: httpStatus, now: now, on: connection)
            faults?.crash(at: .relayBeforeCommit)
            return claimed.count
        }
    }

    private func claim(_ subscriber: String, now: Date, on connection: PostgresConnection) async throws -> [Claimed] {
        let rows = try await connection.query(
            """
            SELECT d.tenant_id, d.event_id, d.attempts, d.created_at, o.envelope::text AS envelope
            FROM event_deliveries d
            JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id
            WHERE d.subscriber = \(subscriber) AND d.status = 'pending' AND d.next_attempt_at <= \(now)
              AND NOT EXISTS (
                SELECT 1 FROM event_deliveries e
                WHERE e.subscriber = d.subscriber AND e.tenant_id = d.tenant_id AND e.subject_kind = d.subject_kind
                  AND e.subject_id = d.subject_id AND e.status = 'pending' AND e.position < d.position)
            ORDER BY d.position
            LIMIT \(batchSize)
            FOR UPDATE OF d SKIP LOCKED
            """,
            logger: logger
        )
        var claimed: [Claimed] = []
        for try await (tenant, eventID, attempts, createdAt, envelope) in rows.decode((UUID, UUID, Int, Date, String).self) {
            claimed.append(Claimed(tenant: tenant, eventID: eventID, attempts: attempts, createdAt: createdAt, envelope: envelope))
        }
        return claimed
    }

    private func settle(
        _ claimed: [Claimed], subscriber: String, outcome: DeliveryOutcome, httpStatus: Int?, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let tenants = claimed.map(\.tenant)
        let ids = claimed.map(\.eventID)
        let status: String
        let error: String?
        var nextAttempts = claimed.map { _ in now }
        switch outcome {
        case .delivered:
            (status, error) = ("delivered", nil)
        case .reject(let reason):
            (status, error) = ("dead", reason)
            logger.error("subscriber refused a delivery; dead-lettered", metadata: ["subscriber": "\(subscriber)", "reason": "\(reason)"])
        case .retry(let reason):
            (status, error) = ("pending", reason)
            nextAttempts = claimed.map { now.addingTimeInterval(backoff.delay(afterAttempts: $0.attempts + 1, unit: Double.random(in: 0..<1))) }
            logger.warning("delivery failed; will retry", metadata: ["subscriber": "\(subscriber)", "reason": "\(reason)"])
        }
        let rows = try await connection.query(
            """
            UPDATE event_deliveries d
            SET attempts = d.attempts + 1, last_attempt_at = \(now), last_error = \(error), last_status = \(httpStatus),
                next_attempt_at = x.next_attempt_at,
                status = CASE WHEN \(status) = 'pending' AND d.attempts + 1 >= \(backoff.maxAttempts) THEN 'dead' ELSE \(status) END
            FROM unnest(\(tenants)::uuid[], \(ids)::uuid[], \(nextAttempts)::timestamptz[]) AS x(tenant_id, event_id, next_attempt_at)
            WHERE d.subscriber = \(subscriber) AND d.tenant_id = x.tenant_id AND d.event_id = x.event_id
            RETURNING d.status
            """,
            logger: logger
        )
        for try await settledStatus in rows.decode(String.self) {
            metrics.recordDeliveryAttempt(subscriber: subscriber, outcome: settledStatus == "pending" ? "retry" : settledStatus)
        }
    }
}

/// The platform paths of DESIGN §9, served by ServiceKit in every service.
public enum PlatformPaths {
    public static let deliver = "/aftersales.platform.v1.EventSink/Deliver"
    public static let testClock = "/aftersales.platform.v1.TestClock"
    public static let deadLetters = "/aftersales.platform.v1.DeadLetters"
}
