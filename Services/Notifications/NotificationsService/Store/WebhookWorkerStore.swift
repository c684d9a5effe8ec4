import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The delivery worker's SQL, as the worker role across tenants: claim due deliveries with a lease (the call
/// happens outside any transaction), record each attempt, and track the endpoint's failing run.
struct WebhookWorkerStore {
    /// Pending deliveries past their 3-day window become dead letters, whatever their endpoint's state.
    /// - Returns: how many.
    func expire(now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            UPDATE webhook_deliveries SET status = 'dead', leased_until = NULL,
                last_error = coalesce(last_error || '; ', '') || 'the 3-day retry window ended'
            WHERE status = 'pending' AND expires_at <= \(now) AND (leased_until IS NULL OR leased_until <= \(now))
            RETURNING id
            """,
            logger: logger
        )
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Claims up to `limit` due deliveries of active endpoints — each its subject's earliest pending one for
    /// its endpoint by the event's time (per-subject order) — leased until `leaseUntil`, counting the attempt.
    func claim(now: Date, leaseUntil: Date, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> [ClaimedDelivery] {
        let rows = try await connection.query(
            """
            WITH due AS (
                SELECT d.tenant_id, d.id FROM webhook_deliveries d
                JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.status = 'active'
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(now) AND (d.leased_until IS NULL OR d.leased_until <= \(now))
                  AND (d.occurred_at, d.message_id) = (
                      SELECT h.occurred_at, h.message_id FROM webhook_deliveries h
                      WHERE h.tenant_id = d.tenant_id AND h.endpoint_id = d.endpoint_id AND h.subject_kind = d.subject_kind
                        AND h.subject_id = d.subject_id AND h.status = 'pending'
                      ORDER BY h.occurred_at, h.message_id
                      LIMIT 1)
                ORDER BY d.next_attempt_at
                LIMIT \(limit)
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET leased_until = \(leaseUntil), attempts = d.attempts + 1
            FROM due, webhook_endpoints e
            WHERE d.tenant_id = due.tenant_id AND d.id = due.id AND e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
            RETURNING d.tenant_id, d.id, d.endpoint_id, d.merchant_id, e.url, d.message_id, d.payload, d.attempts, d.expires_at
            """,
            logger: logger
        )
        var claimed: [ClaimedDelivery] = []
        for try await (tenant, id, endpoint, merchant, url, message, payload, attempt, expires) in rows.decode(
            (UUID, UUID, UUID, UUID, String, String, String, Int, Date).self
        ) {
            claimed.append(
                ClaimedDelivery(
                    tenant: tenant,
                    id: id,
                    endpointID: endpoint,
                    merchantID: merchant,
                    url: url,
                    messageID: message,
                    payload: payload,
                    attempt: attempt,
                    expiresAt: expires
                )
            )
        }
        return claimed
    }

    /// Records an attempt of `delivery` that met `result` at `attemptedAt`: delivered, or due again at
    /// `retryAt` (nil: dead). A success ends the endpoint's failing run; a failure starts it or goes on.
    /// - Returns: for a failure, the endpoint as it then stands (to disable it after a day).
    func settle(
        _ delivery: ClaimedDelivery,
        result: OutboundResult,
        attemptedAt: Date,
        retryAt: Date?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> FailingEndpoint? {
        let status = result.succeeded ? "delivered" : (retryAt == nil ? "dead" : "pending")
        let rows = try await connection.query(
            """
            WITH settled AS (
                UPDATE webhook_deliveries SET status = \(status), leased_until = NULL, next_attempt_at = coalesce(\(retryAt), next_attempt_at),
                    last_status = \(result.status), last_error = \(result.failure),
                    delivered_at = CASE WHEN \(result.succeeded) THEN \(now) ELSE delivered_at END
                WHERE tenant_id = \(delivery.tenant) AND id = \(delivery.id)),
            logged AS (
                INSERT INTO webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, succeeded, http_status, latency_ms, error, response_excerpt)
                VALUES (\(delivery.tenant), \(delivery.id), \(delivery.attempt), \(attemptedAt), \(result.succeeded), \(result.status),
                        \(result.latencyMs), \(result.failure), \(result.excerpt))
                ON CONFLICT DO NOTHING)
            UPDATE webhook_endpoints
            SET failing_since = CASE WHEN \(result.succeeded) THEN NULL ELSE coalesce(failing_since, \(attemptedAt)) END,
                last_error = \(result.failure)
            WHERE tenant_id = \(delivery.tenant) AND id = \(delivery.endpointID)
            RETURNING status, failing_since, url
            """,
            logger: logger
        )
        for try await (endpointStatus, failingSince, url) in rows.decode((String, Date?, String).self) {
            guard !result.succeeded, endpointStatus == WebhookEndpointStatus.active.rawValue, let failingSince else { return nil }
            return FailingEndpoint(
                tenant: delivery.tenant,
                id: delivery.endpointID,
                merchantID: delivery.merchantID,
                url: url,
                failingSince: failingSince
            )
        }
        return nil
    }

    struct FailingEndpoint: Sendable {
        let tenant: UUID
        let id: UUID
        let merchantID: UUID
        let url: String
        let failingSince: Date
    }

    /// Disables an endpoint that is still active and still failing; true when this call disabled it.
    func disableFailing(_ endpoint: FailingEndpoint, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = 'failing'
            WHERE tenant_id = \(endpoint.tenant) AND id = \(endpoint.id) AND status = 'active' AND failing_since IS NOT NULL
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }
}
