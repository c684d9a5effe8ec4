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
                   fault_code = \(order.faultCode), updated_at = \(order.updatedAt)
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

    /// The order a timer was set for (`id` as its payload keeps it), read without a lock: a firing timer
    /// writes nothing of it, so a step holding the order never waits for the timer, nor it for the step.
    func forTimer(_ id: String, _ context: EventContext) async throws -> RepairOrder? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        return try await find(uuid, merchant: nil, locked: false, tenant: context.tenant, on: context.connection, logger: context.logger)
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

    /// One item — its serial, else its case's order line — in the rows `o` (with its case `c`) and `l` (with
    /// `lc`): how repeated repairs of a fault are matched (DS-04 D, FN-05) and comebacks counted.
    static let sameItem = """
        (l.serial_number = o.serial_number
         OR (l.serial_number IS NULL AND o.serial_number IS NULL AND lc.order_number IS NOT NULL
             AND (lc.order_number, coalesce(lc.order_line, '')) = (c.order_number, coalesce(c.order_line, ''))))
        """

    /// How often `order`'s diagnosed fault was repaired and handed back on the same item by other orders (the
    /// order as written in this transaction).
    func sameFaultRepairs(before order: RepairOrder, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard order.faultCode != nil else { return 0 }
        let rows = try await connection.query(
            """
            SELECT count(*)::int8
            FROM repair_orders o LEFT JOIN case_directory c ON c.tenant_id = o.tenant_id AND c.case_id = o.case_id,
                 repair_orders l LEFT JOIN case_directory lc ON lc.tenant_id = l.tenant_id AND lc.case_id = l.case_id
            WHERE o.tenant_id = \(tenant.uuid) AND o.id = \(order.id) AND l.tenant_id = o.tenant_id AND l.status = 'delivered'
              AND l.fault_code = o.fault_code AND l.id <> o.id AND \(unescaped: Self.sameItem)
            """,
            logger: logger
        )
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    static func document(_ order: RepairOrder) throws -> String { String(decoding: try WireJSON.encoder.encode(order), as: UTF8.self) }

    static func order(_ text: String) throws -> RepairOrder { try WireJSON.decoder.decode(RepairOrder.self, from: Data(text.utf8)) }
}
