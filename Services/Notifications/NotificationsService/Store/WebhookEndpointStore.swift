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
            SELECT id, merchant_id, url, event_types, description, status, created_at
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
        for try await row in rows {
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
            endpoints.append(
                WebhookEndpoint(id: id, status: status, subscription: subscription, createdAt: try columns["created_at"].decode(Date.self))
            )
        }
        return endpoints
    }
}
