import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Dispatch's SQL about merchants. Every statement binds its values and runs in a tenant-scoped
/// transaction, so row-level security applies on top of the explicit tenant filter.
struct MerchantStore {
    /// Inserts the merchant; false when the tenant already has a merchant of that name (any letter case).
    func insert(_ merchant: Merchant, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let registration = merchant.registration
        let contacts = String(decoding: try JSONEncoder().encode(registration.contacts), as: UTF8.self)
        let rows = try await connection.query(
            """
            INSERT INTO merchants (tenant_id, id, name, contacts, regions, status, created_at)
            VALUES (\(tenant.uuid), \(merchant.id), \(registration.name), \(contacts)::jsonb, \(registration.regions),
                    \(merchant.status.rawValue), \(merchant.createdAt))
            ON CONFLICT (tenant_id, lower(name)) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The merchant, if it belongs to `tenant`.
    func find(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Merchant? {
        let rows = try await connection.query(
            """
            SELECT id, name, contacts::text AS contacts, regions, status, created_at
            FROM merchants WHERE tenant_id = \(tenant.uuid) AND id = \(id)
            """,
            logger: logger
        )
        for try await row in rows { return try merchant(row) }
        return nil
    }

    /// Up to `limit` merchants after `after` in id (registration) order, filtered by status and region.
    func list(
        tenant: TenantID,
        after: UUID?,
        limit: Int,
        status: MerchantStatus?,
        region: String?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Merchant] {
        let rows = try await connection.query(
            """
            SELECT id, name, contacts::text AS contacts, regions, status, created_at
            FROM merchants
            WHERE tenant_id = \(tenant.uuid)
              AND (\(after)::uuid IS NULL OR id > \(after))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(region)::text IS NULL OR regions @> ARRAY[\(region)]::text[])
            ORDER BY id
            LIMIT \(limit)
            """,
            logger: logger
        )
        var merchants: [Merchant] = []
        for try await row in rows { merchants.append(try merchant(row)) }
        return merchants
    }

    private func merchant(_ row: PostgresRow) throws -> Merchant {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(UUID.self)
        guard let status = MerchantStatus(rawValue: try columns["status"].decode(String.self)),
            let contacts = try? JSONDecoder().decode([MerchantContact].self, from: Data(try columns["contacts"].decode(String.self).utf8))
        else { throw StoredValueError(table: "merchants", id: id) }
        return Merchant(
            id: id,
            status: status,
            registration: MerchantRegistration(
                name: try columns["name"].decode(String.self),
                contacts: contacts,
                regions: try columns["regions"].decode([String].self)
            ),
            createdAt: try columns["created_at"].decode(Date.self)
        )
    }
}
