import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Dispatch's SQL about merchants' API keys; every call runs in a transaction scoped to the tenant, so
/// row-level security applies on top of the explicit tenant filter.
struct MerchantApiKeyStore {
    static let columns = "id, merchant_id, name, hint, created_by, created_at, expires_at, revoked_at, last_used_at"

    /// Inserts the key (its secret's hash only) unless the merchant already holds ``MerchantApiKey/activeLimit``
    /// active keys; the merchant row is locked by the caller, so two issues cannot both pass the count.
    /// - Returns: false when the limit is reached.
    func insert(
        _ key: MerchantApiKey,
        secretHash: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO merchant_api_keys (tenant_id, id, merchant_id, name, secret_hash, hint, created_by, created_at, expires_at)
            SELECT \(tenant.uuid), \(key.id), \(key.merchantID), \(key.name), \(secretHash), \(key.hint), \(key.createdBy),
                   \(key.createdAt), \(key.expiresAt)
            WHERE (SELECT count(*) FROM merchant_api_keys
                    WHERE tenant_id = \(tenant.uuid) AND merchant_id = \(key.merchantID)
                      AND revoked_at IS NULL AND expires_at > \(now)) < \(MerchantApiKey.activeLimit)
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The key with its secret's hash, locked for an update, narrowed to `merchant` when set.
    func lock(
        _ id: UUID,
        merchant: UUID?,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (key: MerchantApiKey, secretHash: String)? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns), secret_hash FROM merchant_api_keys
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            FOR UPDATE
            """,
            logger: logger
        )
        for try await row in rows {
            return (try key(row), try row.makeRandomAccess()["secret_hash"].decode(String.self))
        }
        return nil
    }

    /// Records a revocation or a use.
    func update(_ key: MerchantApiKey, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE merchant_api_keys SET revoked_at = \(key.revokedAt), last_used_at = \(key.lastUsedAt)
            WHERE tenant_id = \(tenant.uuid) AND id = \(key.id)
            """,
            logger: logger
        )
    }

    /// Up to `limit` of the merchant's keys before `before`, newest first.
    func list(
        merchant: UUID,
        tenant: TenantID,
        before: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [MerchantApiKey] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM merchant_api_keys
            WHERE tenant_id = \(tenant.uuid) AND merchant_id = \(merchant) AND (\(before)::uuid IS NULL OR id < \(before))
            ORDER BY id DESC
            LIMIT \(limit)
            """,
            logger: logger
        )
        var keys: [MerchantApiKey] = []
        for try await row in rows { keys.append(try key(row)) }
        return keys
    }

    private func key(_ row: PostgresRow) throws -> MerchantApiKey {
        let columns = row.makeRandomAccess()
        return MerchantApiKey(
            id: try columns["id"].decode(UUID.self),
            merchantID: try columns["merchant_id"].decode(UUID.self),
            name: try columns["name"].decode(String.self),
            hint: try columns["hint"].decode(String.self),
            createdBy: try columns["created_by"].decode(String.self),
            createdAt: try columns["created_at"].decode(Date.self),
            expiresAt: try columns["expires_at"].decode(Date.self),
            revokedAt: try columns["revoked_at"].decode(Date?.self),
            lastUsedAt: try columns["last_used_at"].decode(Date?.self)
        )
    }
}
