import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Repairs' SQL about repair orders. Every statement binds its values and runs in a tenant-scoped
/// transaction, so row-level security applies on top of the explicit tenant filter. An order is one row: its
/// document and the columns it is found by, written together.
struct RepairOrderStore {
    func insert(_ order: RepairOrder, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let record = try Self.document(order)
        try await connection.query(
            """
            INSERT INTO repair_orders (tenant_id, id, case_id, merchant_id, serial_number, status, version, warranty_ends, record, created_at,
                                       updated_at)
            VALUES (\(tenant.uuid), \(order.id), \(order.caseID), \(order.merchantID), \(order.device.serialNumber), \(order.status.rawValue),
                    \(order.version), NULL, \(record)::jsonb, \(order.createdAt), \(order.updatedAt))
            """,
            logger: logger
        )
    }

    /// Writes a step taken on `order` (its version already moved on).
    func update(_ order: RepairOrder, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let record = try Self.document(order)
        let warrantyEnds = order.settlement.map(\.warrantyEnds)
        try await connection.query(
            """
            UPDATE repair_orders
               SET status = \(order.status.rawValue), version = \(order.version), serial_number = \(order.device.serialNumber), warranty_ends = \(warrantyEnds)::date, record = \(record)::jsonb,
                   updated_at = \(order.updatedAt)
             WHERE tenant_id = \(tenant.uuid) AND id = \(order.id)
            """,
            logger: logger
        )
    }

    /// The order, if it belongs to `tenant` — and, for a merchant, is addressed to it (BOLA: another's is
    /// not found). Locked for a step when `locked`.
    func find(
        _ id: UUID,
        merchant: UUID?,
        locked: Bool,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> RepairOrder? {
        var query: PostgresQuery = """
            SELECT record::text FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """
        if locked { query.sql += " FOR UPDATE" }
        let rows = try await connection.query(query, logger: logger)
        for try await text in rows.decode(String.self) { return try Self.order(text) }
        return nil
    }

    /// A page of orders in creation order, after `after`, filtered by state, case and merchant.
    func list(
        status: RepairOrderStatus?,
        caseID: UUID?,
        merchant: UUID?,
        after: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [RepairOrder] {
        let rows = try await connection.query(
            """
            SELECT record::text FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(caseID)::uuid IS NULL OR case_id = \(caseID)) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var orders: [RepairOrder] = []
        for try await text in rows.decode(String.self) { orders.append(try Self.order(text)) }
        return orders
    }

    /// The open order opened for `caseID` and its performer, if any: an agreement redelivered, or agreed
    /// again, opens no second order.
    func openOrder(forCase caseID: UUID, merchant: UUID?, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query(
            """
            SELECT id FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND merchant_id IS NOT DISTINCT FROM \(merchant)
              AND status NOT IN ('delivered', 'cancelled', 'quote_declined')
            LIMIT 1
            """,
            logger: logger
        )
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// The case's orders not yet closed, in id order (the order they are locked in).
    func openOrders(ofCase caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        let rows = try await connection.query(
            """
            SELECT id FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND status NOT IN ('delivered', 'cancelled', 'quote_declined')
            ORDER BY id
            """,
            logger: logger
        )
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// The last day of the latest warranty of a delivered repair of the device with `serial` (SH-12).
    func previousRepairWarrantyEnds(serial: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> LocalDate? {
        let rows = try await connection.query(
            """
            SELECT max(warranty_ends)::text FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND serial_number = \(serial) AND status = 'delivered'
            """,
            logger: logger
        )
        for try await text in rows.decode(String?.self) { return text.flatMap(LocalDate.init(iso:)) }
        return nil
    }

    static func document(_ order: RepairOrder) throws -> String { String(decoding: try WireJSON.encoder.encode(order), as: UTF8.self) }

    static func order(_ text: String) throws -> RepairOrder { try WireJSON.decoder.decode(RepairOrder.self, from: Data(text.utf8)) }
}
