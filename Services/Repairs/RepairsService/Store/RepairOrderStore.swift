import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Repairs' SQL about repair orders. Every statement binds its values and runs in a tenant-scoped
/// transaction, so row-level security applies on top of the explicit tenant filter.
struct RepairOrderStore {
    func insert(_ order: RepairOrder, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let registration = order.registration
        let device = registration.device
        try await connection.query(
            """
            INSERT INTO repair_orders (
                tenant_id, id, case_id, product_name, model, serial_number, reported_fault, accompanying_items, status, created_at
            ) VALUES (
                \(tenant.uuid), \(order.id), \(registration.caseID), \(device.productName), \(device.model), \(device.serialNumber),
                \(registration.reportedFault), \(registration.accompanyingItems), \(order.status.rawValue), \(order.createdAt)
            )
            """,
            logger: logger
        )
    }

    /// The order, if it belongs to `tenant`.
    func find(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> RepairOrder? {
        let rows = try await connection.query(
            """
            SELECT id, case_id, product_name, model, serial_number, reported_fault, accompanying_items, status, created_at
            FROM repair_orders WHERE tenant_id = \(tenant.uuid) AND id = \(id)
            """,
            logger: logger
        )
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let id = try columns["id"].decode(UUID.self)
            guard let status = RepairOrderStatus(rawValue: try columns["status"].decode(String.self)) else {
                throw StoredValueError(table: "repair_orders", id: id)
            }
            let registration = RepairRegistration(
                caseID: try columns["case_id"].decode(UUID?.self),
                device: Device(
                    productName: try columns["product_name"].decode(String.self),
                    model: try columns["model"].decode(String?.self),
                    serialNumber: try columns["serial_number"].decode(String?.self)
                ),
                reportedFault: try columns["reported_fault"].decode(String.self),
                accompanyingItems: try columns["accompanying_items"].decode([String].self)
            )
            return RepairOrder(id: id, status: status, registration: registration, createdAt: try columns["created_at"].decode(Date.self))
        }
        return nil
    }
}
