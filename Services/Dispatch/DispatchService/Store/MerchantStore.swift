import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Dispatch's SQL about merchants (their API keys: ``MerchantApiKeyStore``). Every statement binds its values and runs in a tenant-scoped
/// transaction, so row-level security applies on top of the explicit tenant filter.
struct MerchantStore {
    static let columns = """
        id, name, contacts::text AS contacts, regions, categories, brands, response_deadlines::text AS response_deadlines,
        status, suspension_reason, version, created_at, updated_at, case_handling
        """

    /// Inserts the merchant and the event announcing it in one statement; false (and no event) when the
    /// tenant already has a merchant of that name (any letter case).
    func insert(
        _ merchant: Merchant,
        announcing event: OutboxEntry,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let registration = merchant.registration
        let (contacts, deadlines) = try Self.documents(registration)
        let rows = try await connection.query(
            """
            WITH registered AS (
                INSERT INTO merchants (tenant_id, id, name, contacts, regions, categories, brands, response_deadlines, status,
                                       version, created_at, case_handling)
                VALUES (\(tenant.uuid), \(merchant.id), \(registration.name), \(contacts)::jsonb, \(registration.regions),
                        \(registration.categories), \(registration.brands), \(deadlines)::jsonb, \(merchant.status.rawValue),
                        \(merchant.version), \(merchant.createdAt), \(registration.caseHandling.rawValue))
                ON CONFLICT (tenant_id, lower(name)) DO NOTHING
                RETURNING id
            ), \(outbox: event, onlyIf: "registered")
            SELECT id FROM registered
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The merchant locked for a change, if it belongs to `tenant`.
    func lock(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Merchant? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM merchants WHERE tenant_id = \(tenant.uuid) AND id = \(id) FOR UPDATE",
            logger: logger
        )
        for try await row in rows { return try merchant(row) }
        return nil
    }

    /// Writes the changed merchant and the event announcing the change in one statement; false when its new
    /// name is another merchant's.
    func save(
        _ merchant: Merchant,
        announcing event: OutboxEntry,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let registration = merchant.registration
        let (contacts, deadlines) = try Self.documents(registration)
        let taken = try await connection.query(
            """
            SELECT 1 FROM merchants
            WHERE tenant_id = \(tenant.uuid) AND lower(name) = lower(\(registration.name)) AND id <> \(merchant.id)
            """,
            logger: logger
        )
        for try await _ in taken { return false }
        try await connection.query(
            """
            WITH changed AS (
                UPDATE merchants
                   SET name = \(registration.name), contacts = \(contacts)::jsonb, regions = \(registration.regions),
                       categories = \(registration.categories), brands = \(registration.brands),
                       response_deadlines = \(deadlines)::jsonb, case_handling = \(registration.caseHandling.rawValue), status = \(merchant.status.rawValue),
                       suspension_reason = \(merchant.suspensionReason), version = \(merchant.version), updated_at = \(merchant.updatedAt)
                 WHERE tenant_id = \(tenant.uuid) AND id = \(merchant.id)
                RETURNING id
            ), \(outbox: event, onlyIf: "changed")
            SELECT id FROM changed
            """,
            logger: logger
        )
        return true
    }

    /// The merchant, if it belongs to `tenant`.
    /// The merchant, share-locked until the transaction ends: a case given to it cannot slip past its
    /// concurrent suspension (which locks it for update, then moves its open cases).
    func share(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Merchant? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM merchants WHERE tenant_id = \(tenant.uuid) AND id = \(id) FOR SHARE",
            logger: logger
        )
        for try await row in rows { return try merchant(row) }
        return nil
    }

    func find(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Merchant? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM merchants WHERE tenant_id = \(tenant.uuid) AND id = \(id)",
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
            SELECT \(unescaped: Self.columns)
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

    /// The profile's JSON columns: contacts and response deadlines.
    private static func documents(_ registration: MerchantRegistration) throws -> (contacts: String, deadlines: String) {
        (
            String(decoding: try JSONEncoder().encode(registration.contacts), as: UTF8.self),
            String(decoding: try JSONEncoder().encode(registration.responseDeadlines), as: UTF8.self)
        )
    }

    private func merchant(_ row: PostgresRow) throws -> Merchant {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(UUID.self)
        guard let status = MerchantStatus(rawValue: try columns["status"].decode(String.self)),
            let contacts = try? JSONDecoder().decode([MerchantContact].self, from: Data(try columns["contacts"].decode(String.self).utf8)),
            let handling = CaseHandling(rawValue: try columns["case_handling"].decode(String.self)),
            let deadlines = try? JSONDecoder().decode(
                MerchantResponseDeadlines.self,
                from: Data(try columns["response_deadlines"].decode(String.self).utf8)
            )
        else { throw StoredValueError(table: "merchants", id: id) }
        var merchant = Merchant(
            id: id,
            status: status,
            registration: MerchantRegistration(
                name: try columns["name"].decode(String.self),
                contacts: contacts,
                regions: try columns["regions"].decode([String].self),
                categories: try columns["categories"].decode([String].self),
                brands: try columns["brands"].decode([String].self),
                responseDeadlines: deadlines,
                caseHandling: handling
            ),
            createdAt: try columns["created_at"].decode(Date.self)
        )
        merchant.version = try columns["version"].decode(Int.self)
        merchant.updatedAt = try columns["updated_at"].decode(Date?.self)
        merchant.suspensionReason = try columns["suspension_reason"].decode(String?.self)
        return merchant
    }
}
