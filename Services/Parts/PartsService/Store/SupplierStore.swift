import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A parts supplier (配件供应商): who fills purchase requests, and how long it usually takes.
struct Supplier: Sendable, Equatable {
    var id: UUID
    var name: String
    var contactName: String?
    var phone: String?
    var leadTimeDays: Int
    var createdAt: Date
}

/// Suppliers' SQL.
struct SupplierStore {
    /// False when the tenant has a supplier of that name (compared case-insensitively).
    func insert(_ supplier: Supplier, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO suppliers (tenant_id, id, name, contact_name, phone, lead_time_days, created_at)
            VALUES (\(tenant.uuid), \(supplier.id), \(supplier.name), \(supplier.contactName), \(supplier.phone), \(supplier.leadTimeDays),
                    \(supplier.createdAt))
            ON CONFLICT (tenant_id, lower(name)) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Suppliers in registration order; `ids` restricts to those (to check references).
    func list(
        ids: [UUID]? = nil,
        after: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Supplier] {
        let rows = try await connection.query(
            """
            SELECT id, name, contact_name, phone, lead_time_days, created_at FROM suppliers
            WHERE tenant_id = \(tenant.uuid) AND (\(ids)::uuid[] IS NULL OR id = ANY(\(ids)))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var suppliers: [Supplier] = []
        for try await (id, name, contact, phone, days, created) in rows.decode((UUID, String, String?, String?, Int, Date).self) {
            suppliers.append(Supplier(id: id, name: name, contactName: contact, phone: phone, leadTimeDays: days, createdAt: created))
        }
        return suppliers
    }

    /// The first of `ids` the tenant has no supplier for, with its index.
    func firstUnknown(_ ids: [UUID], tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Int? {
        guard !ids.isEmpty else { return nil }
        let known = Set(try await list(ids: ids, after: nil, limit: ids.count, tenant: tenant, on: connection, logger: logger).map(\.id))
        return ids.firstIndex { !known.contains($0) }
    }
}
