import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// What partners and staff read of deliveries, and the redrive of one; tenant-scoped transactions, and a
/// merchant caller's own endpoints only (`merchant`).
struct WebhookDeliveryStore {
    static let columns = """
        id, endpoint_id, merchant_id, message_id, event_type, subject_kind, subject_id, status, attempts, next_attempt_at, expires_at,
        last_status, last_error, created_at, delivered_at
        """

    /// Up to `limit` deliveries of an endpoint after `after`, in queueing (id) order, of one status or all.
    func list(
        endpoint: UUID,
        status: WebhookDeliveryStatus?,
        tenant: TenantID,
        merchant: UUID?,
        after: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [WebhookDelivery] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM webhook_deliveries
            WHERE tenant_id = \(tenant.uuid) AND endpoint_id = \(endpoint)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id
            LIMIT \(limit)
            """,
            logger: logger
        )
        var deliveries: [WebhookDelivery] = []
        for try await row in rows { deliveries.append(try Self.delivery(row)) }
        return deliveries
    }

    /// One delivery with its attempts, when it is the tenant's (and the merchant's).
    func find(
        _ id: UUID,
        tenant: TenantID,
        merchant: UUID?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (WebhookDelivery, [WebhookAttempt])? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM webhook_deliveries
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """,
            logger: logger
        )
        var found: WebhookDelivery?
        for try await row in rows { found = try Self.delivery(row) }
        guard let delivery = found else { return nil }
        let attemptRows = try await connection.query(
            """
            SELECT attempt, attempted_at, succeeded, http_status, latency_ms, error, response_excerpt FROM webhook_attempts
            WHERE tenant_id = \(tenant.uuid) AND delivery_id = \(id) ORDER BY attempt
            """,
            logger: logger
        )
        var attempts: [WebhookAttempt] = []
        for try await (attempt, at, succeeded, status, latency, error, excerpt) in attemptRows.decode(
            (Int, Date, Bool, Int?, Int, String?, String).self
        ) {
            attempts.append(
                WebhookAttempt(
                    attempt: attempt,
                    attemptedAt: at,
                    succeeded: succeeded,
                    httpStatus: status,
                    latencyMs: latency,
                    error: error,
                    responseExcerpt: excerpt
                )
            )
        }
        return (delivery, attempts)
    }

    /// Queues a dead or delivered delivery again, due now, with a new window; the same body and
    /// `webhook-id` (the partner deduplicates). Nil when it is not the caller's; the delivery unchanged when
    /// it is still pending.
    func redrive(
        _ id: UUID,
        tenant: TenantID,
        merchant: UUID?,
        now: Date,
        window: TimeInterval,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (delivery: WebhookDelivery, redriven: Bool)? {
        let rows = try await connection.query(
            """
            UPDATE webhook_deliveries
            SET status = 'pending', next_attempt_at = \(now), expires_at = \(now.addingTimeInterval(window)), leased_until = NULL
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant)) AND status <> 'pending'
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        )
        for try await row in rows { return (try Self.delivery(row), true) }
        return try await find(id, tenant: tenant, merchant: merchant, on: connection, logger: logger).map { ($0.0, false) }
    }

    static func delivery(_ row: PostgresRow) throws -> WebhookDelivery {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(UUID.self)
        guard let status = WebhookDeliveryStatus(rawValue: try columns["status"].decode(String.self)) else {
            throw StoredValueError(table: "webhook_deliveries", id: id)
        }
        return WebhookDelivery(
            id: id,
            endpointID: try columns["endpoint_id"].decode(UUID.self),
            merchantID: try columns["merchant_id"].decode(UUID.self),
            messageID: try columns["message_id"].decode(String.self),
            eventType: try columns["event_type"].decode(String.self),
            subject: EventSubject(kind: try columns["subject_kind"].decode(String.self), id: try columns["subject_id"].decode(String.self)),
            status: status,
            attempts: try columns["attempts"].decode(Int.self),
            nextAttemptAt: try columns["next_attempt_at"].decode(Date.self),
            expiresAt: try columns["expires_at"].decode(Date.self),
            lastStatus: try columns["last_status"].decode(Int?.self),
            lastError: try columns["last_error"].decode(String?.self),
            createdAt: try columns["created_at"].decode(Date.self),
            deliveredAt: try columns["delivered_at"].decode(Date?.self)
        )
    }
}
