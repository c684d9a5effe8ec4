import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Parts' SQL about the catalogue. Every statement binds its values and runs in a tenant-scoped
/// transaction, so row-level security applies on top of the explicit tenant filter.
struct PartStore {
    static let columns = """
        id, part_number, name, category, fitting_models, kind, value_class, unit_cost_currency::text AS currency, unit_cost_minor,
        unit_price_currency::text AS price_currency, unit_price_minor, suppliers::text AS suppliers, status, version, created_at,
        retired_at, retired_reason
        """

    /// Inserts the part; false when the tenant already has a part with that number.
    func insert(_ part: Part, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let item = part.cataloguing
        let rows = try await connection.query(
            """
            INSERT INTO parts (tenant_id, id, part_number, name, category, fitting_models, kind, value_class, unit_cost_currency,
                               unit_cost_minor, unit_price_currency, unit_price_minor, suppliers, search_text, created_at)
            VALUES (\(tenant.uuid), \(part.id), \(item.partNumber), \(item.name), \(item.category), \(item.fittingModels), \(item.kind.rawValue),
                    \(item.valueClass.rawValue), \(item.unitCost.currency), \(item.unitCost.amountMinor), \(item.unitPrice?.currency),
                    \(item.unitPrice?.amountMinor), \(try Self.suppliersJSON(item.suppliers))::jsonb, \(item.searchText), \(part.createdAt))
            ON CONFLICT (tenant_id, part_number) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Replaces the description of a part (not its number), bumping its version.
    func update(_ part: Part, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let item = part.cataloguing
        try await connection.query(
            """
            UPDATE parts SET name = \(item.name), category = \(item.category), fitting_models = \(item.fittingModels), kind = \(item.kind.rawValue),
                value_class = \(item.valueClass.rawValue), unit_cost_currency = \(item.unitCost.currency), unit_cost_minor = \(item.unitCost.amountMinor),
                unit_price_currency = \(item.unitPrice?.currency), unit_price_minor = \(item.unitPrice?.amountMinor),
                suppliers = \(try Self.suppliersJSON(item.suppliers))::jsonb, search_text = \(item.searchText), status = \(part.status.rawValue),
                retired_at = \(part.retiredAt), retired_reason = \(part.retiredReason), version = \(part.version)
            WHERE tenant_id = \(tenant.uuid) AND id = \(part.id)
            """,
            logger: logger
        )
    }

    /// The part with this id or this (normalized) part number, if it belongs to `tenant`; `locked` holds it
    /// for a change.
    func find(
        id: UUID?,
        partNumber: String?,
        locked: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> Part?
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns)
            FROM parts
            WHERE tenant_id = \(tenant.uuid)
              AND (\(id)::uuid IS NULL OR id = \(id))
              AND (\(partNumber)::text IS NULL OR part_number = \(partNumber))
            \(unescaped: locked ? "FOR UPDATE" : "")
            """,
            logger: logger
        )
        for try await row in rows { return try Self.part(row) }
        return nil
    }

    /// The parts of `ids` the tenant has, by id.
    func many(_ ids: [UUID], tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [UUID: Part] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM parts WHERE tenant_id = \(tenant.uuid) AND id = ANY(\(ids))",
            logger: logger
        )
        var parts: [UUID: Part] = [:]
        for try await row in rows {
            let part = try Self.part(row)
            parts[part.id] = part
        }
        return parts
    }

    /// Parts matching a search, in catalogue order: the part number's start, or a text in the name,
    /// category or a fitting model; or exactly a fitting model.
    func search(
        query: String?,
        fittingModel: String?,
        includeRetired: Bool,
        after: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Part] {
        let pattern = query.map { "%" + Self.likeEscaped($0.lowercased()) + "%" }
        let prefix = query.map { Self.likeEscaped($0.uppercased()) + "%" }
        let model = fittingModel?.lowercased()
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns)
            FROM parts
            WHERE tenant_id = \(tenant.uuid)
              AND (\(pattern)::text IS NULL OR search_text LIKE \(pattern) OR part_number LIKE \(prefix))
              AND (\(model)::text IS NULL OR EXISTS (SELECT 1 FROM unnest(fitting_models) m WHERE lower(m) = \(model)))
              AND (\(includeRetired) OR status = 'active')
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var parts: [Part] = []
        for try await row in rows { parts.append(try Self.part(row)) }
        return parts
    }

    /// `%`, `_` and `\` taken literally in a LIKE pattern.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    static func suppliersJSON(_ suppliers: [PartSupplier]) throws -> String {
        String(decoding: try WireJSON.encoder.encode(suppliers), as: UTF8.self)
    }

    static func part(_ row: PostgresRow) throws -> Part {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(UUID.self)
        guard
            let kind = PartKind(rawValue: try columns["kind"].decode(String.self)),
            let valueClass = ValueClass(rawValue: try columns["value_class"].decode(String.self)),
            let status = PartStatus(rawValue: try columns["status"].decode(String.self)),
            let suppliers = try? WireJSON.decoder.decode([PartSupplier].self, from: Data(try columns["suppliers"].decode(String.self).utf8))
        else { throw StoredValueError(table: "parts", id: id) }
        let price: Money? =
            if let currency = try columns["price_currency"].decode(String?.self), let minor = try columns["unit_price_minor"].decode(Int64?.self) {
                Money(currency: currency, amountMinor: minor)
            } else { nil }
        let cataloguing = PartCataloguing(
            partNumber: try columns["part_number"].decode(String.self),
            name: try columns["name"].decode(String.self),
            category: try columns["category"].decode(String?.self),
            fittingModels: try columns["fitting_models"].decode([String].self),
            kind: kind,
            valueClass: valueClass,
            unitCost: Money(currency: try columns["currency"].decode(String.self), amountMinor: try columns["unit_cost_minor"].decode(Int64.self)),
            unitPrice: price,
            suppliers: suppliers
        )
        return Part(
            id: id,
            cataloguing: cataloguing,
            status: status,
            version: try columns["version"].decode(Int.self),
            createdAt: try columns["created_at"].decode(Date.self),
            retiredAt: try columns["retired_at"].decode(Date?.self),
            retiredReason: try columns["retired_reason"].decode(String?.self)
        )
    }
}
