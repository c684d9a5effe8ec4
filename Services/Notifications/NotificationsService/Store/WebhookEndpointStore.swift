import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Notifications' SQL about webhook endpoints. Every statement binds its values and runs in a
/// tenant-scoped transaction, so row-level security applies on top of the explicit tenant filter.
struct WebhookEndpointStore {
    /// Inserts the endpoint; false when the merchant already has one at that URL.
    func insert(_ endpoint: WebhookEndpoint, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let subscription = endpoint.subscription
        let rows = try await connection.query(
            """
            INSERT INTO webhook_endpoints (tenant_id, id, merchant_id, url, event_types, description, status, created_at)
            VALUES (\(tenant.uuid), \(endpoint.id), \(subscription.merchantID), \(subscription.url), \(subscription.eventTypes),
                    \(subscription.description), \(endpoint.status.rawValue), \(endpoint.createdAt))
            ON CONFLICT (tenant_id, merchant_id, url) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Up to `limit` endpoints after `after` in id (registration) order, of one merchant or all.
    func list(
        tenant: TenantID,
        merchant: UUID?,
        after: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [WebhookEndpoint] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns)
            FROM webhook_endpoints
            WHERE tenant_id = \(tenant.uuid)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id
            LIMIT \(limit)
            """,
            logger: logger
        )
        var endpoints: [WebhookEndpoint] = []
        for try await row in rows { endpoints.append(try Self.endpoint(row)) }
        return endpoints
    }

    static let columns = "id, merchant_id, url, event_types, description, status, created_at, disabled_reason, failing_since, last_error"

    /// The endpoint, when it is the tenant's (and the merchant's, for a merchant caller).
    func find(_ id: UUID, tenant: TenantID, merchant: UUID?, on connection: PostgresConnection, logger: Logger) async throws -> WebhookEndpoint? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM webhook_endpoints
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """,
            logger: logger
        )
        for try await row in rows { return try Self.endpoint(row) }
        return nil
    }

    /// Enables or (by request) disables the endpoint; enabling ends its failing run and makes its waiting
    /// deliveries due at `now`. Nil when it is not the caller's.
    func setStatus(
        _ id: UUID,
        active: Bool,
        tenant: TenantID,
        merchant: UUID?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> WebhookEndpoint? {
        let status = active ? WebhookEndpointStatus.active.rawValue : WebhookEndpointStatus.disabled.rawValue
        let rows = try await connection.query(
            """
            WITH changed AS (
                UPDATE webhook_endpoints
                SET status = \(status), disabled_reason = CASE WHEN \(active) THEN NULL ELSE 'by_request' END,
                    failing_since = CASE WHEN \(active) THEN NULL ELSE failing_since END
                WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant)) AND status <> \(status)
                RETURNING id),
            due AS (
                UPDATE webhook_deliveries SET next_attempt_at = \(now)
                WHERE \(active) AND tenant_id = \(tenant.uuid) AND endpoint_id IN (SELECT id FROM changed) AND status = 'pending')
            SELECT count(*) FROM changed
            """,
            logger: logger
        )
        for try await _ in rows.decode(Int.self) {}
        return try await find(id, tenant: tenant, merchant: merchant, on: connection, logger: logger)
    }

    static func endpoint(_ row: PostgresRow) throws -> WebhookEndpoint {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(UUID.self)
        guard let status = WebhookEndpointStatus(rawValue: try columns["status"].decode(String.self)) else {
            throw StoredValueError(table: "webhook_endpoints", id: id)
        }
        let subscription = WebhookSubscription(
            merchantID: try columns["merchant_id"].decode(UUID.self),
            url: try columns["url"].decode(String.self),
            eventTypes: try columns["event_types"].decode([String].self),
            description: try columns["description"].decode(String?.self)
        )
        return WebhookEndpoint(
            id: id,
            status: status,
            subscription: subscription,
            createdAt: try columns["created_at"].decode(Date.self),
            disabledReason: try columns["disabled_reason"].decode(String?.self),
            failingSince: try columns["failing_since"].decode(Date?.self),
            lastError: try columns["last_error"].decode(String?.self)
        )
    }
}
