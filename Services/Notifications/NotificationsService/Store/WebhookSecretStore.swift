import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Endpoints' signing secrets. An endpoint has one current secret; a rotation makes a new one current and
/// leaves the previous one valid until the overlap ends (deliveries carry a signature for each valid
/// secret), so a partner switches its verifier without losing a delivery. At most two are valid at once.
struct WebhookSecretStore {
    /// Adds `secret` as the endpoint's current one: the current one becomes valid until `previousUntil`,
    /// and any older one ends now.
    func add(
        _ secret: String,
        endpoint: UUID,
        previousUntil: Date?,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            WITH older AS (
                UPDATE webhook_secrets SET expires_at = \(now)
                WHERE tenant_id = \(tenant.uuid) AND endpoint_id = \(endpoint) AND expires_at > \(now)),
            previous AS (
                UPDATE webhook_secrets SET expires_at = \(previousUntil ?? now)
                WHERE tenant_id = \(tenant.uuid) AND endpoint_id = \(endpoint) AND expires_at IS NULL)
            INSERT INTO webhook_secrets (tenant_id, id, endpoint_id, secret, created_at)
            VALUES (\(tenant.uuid), \(UUID.v7()), \(endpoint), \(secret), \(now))
            """,
            logger: logger
        )
    }

    /// The secrets valid at `now` of each of `endpoints` (tenant, endpoint), newest first.
    func valid(
        for endpoints: [(tenant: UUID, endpoint: UUID)],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> [UUID: [String]]
    {
        let rows = try await connection.query(
            """
            SELECT s.endpoint_id, s.secret FROM webhook_secrets s
            JOIN unnest(\(endpoints.map(\.tenant))::uuid[], \(endpoints.map(\.endpoint))::uuid[]) AS q(tenant_id, endpoint_id)
              ON s.tenant_id = q.tenant_id AND s.endpoint_id = q.endpoint_id
            WHERE s.expires_at IS NULL OR s.expires_at > \(now)
            ORDER BY s.endpoint_id, s.created_at DESC
            """,
            logger: logger
        )
        var secrets: [UUID: [String]] = [:]
        for try await (endpoint, secret) in rows.decode((UUID, String).self) { secrets[endpoint, default: []].append(secret) }
        return secrets
    }
}
