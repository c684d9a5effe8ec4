import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Parts' SQL about the catalogue. Every statement binds its values and runs in a tenant-scoped
/// transaction, so row-level security applies on top of the explicit tenant filter.
struct PartStore {
    /// Inserts the part; false when the tenant already has a part with that number.
    func insert(_ part: Part, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let item = part.cataloguing
        let rows = try await connection.query(
            """
            INSERT INTO parts (tenant_id, id, part_number, name, fitting_models, kind, unit_cost_currency, unit_cost_minor, created_at)
            VALUES (\(tenant.uuid), \(part.id), \(item.partNumber), \(item.name), \(item.fittingModels), \(item.kind.rawValue),
                    \(item.unitCost.currency), \(item.unitCost.amountMinor), \(part.createdAt))
            ON CONFLICT (tenant_id, part_number) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The part with this id or this (normalized) part number, if it belongs to `tenant`.
    func find(id: UUID?, partNumber: String?, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Part? {
        let rows = try await connection.query(
            """
            SELECT id, part_number, name, fitting_models, kind, unit_cost_currency::text AS currency, unit_cost_minor, created_at
            FROM parts
            WHERE tenant_id = \(tenant.uuid)
              AND (\(id)::uuid IS NULL OR id = \(id))
              AND (\(partNumber)::text IS NULL OR part_number = \(partNumber))
            """,
            logger: logger
        )
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let id = try columns["id"].decode(UUID.self)
            guard let kind = PartKind(rawValue: try columns["kind"].decode(String.self)) else {
                throw StoredValueError(table: "parts", id: id)
            }
            let cataloguing = PartCataloguing(
                partNumber: try columns["part_number"].decode(String.self),
                name: try columns["name"].decode(String.self),
                fittingModels: try columns["fitting_models"].decode([String].self),
                kind: kind,
                unitCost: Money(currency: try columns["currency"].decode(String.self), amountMinor: try columns["unit_cost_minor"].decode(Int64.self))
            )
            return Part(id: id, cataloguing: cataloguing, createdAt: try columns["created_at"].decode(Date.self))
        }
        return nil
    }
}
