import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Requisitions' SQL.
struct RequisitionStore {
    static let columns = """
        id, part_id, quantity, device_model, fault_cause, repair_order_id, case_id, location_id, status, requested_by, verified_by,
        verification_note, purchase_request_id, expected_arrival, created_at, updated_at
        """

    func insert(_ r: Requisition, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO requisitions (tenant_id, id, part_id, quantity, device_model, fault_cause, repair_order_id, case_id, location_id, status,
                                      requested_by, created_at, updated_at)
            VALUES (\(tenant.uuid), \(r.id), \(r.partID), \(r.quantity), \(r.deviceModel), \(r.faultCause), \(r.repairOrderID), \(r.caseID),
                    \(r.locationID), \(r.status.rawValue), \(r.requestedBy), \(r.createdAt), \(r.updatedAt))
            """,
            logger: logger
        )
    }

    /// Writes a requisition's progress.
    func update(_ r: Requisition, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE requisitions SET status = \(r.status.rawValue), verified_by = \(r.verifiedBy), verification_note = \(r.verificationNote),
                purchase_request_id = \(r.purchaseRequestID), expected_arrival = \(r.expectedArrival), updated_at = \(r.updatedAt)
            WHERE tenant_id = \(tenant.uuid) AND id = \(r.id)
            """,
            logger: logger
        )
    }

    /// Requisitions by id (locked for a change when `locked`), or of a purchase request, or filtered, oldest
    /// first.
    func list(
        ids: [UUID]? = nil,
        purchaseRequestID: UUID? = nil,
        statuses: [RequisitionStatus]? = nil,
        partID: UUID? = nil,
        repairOrderID: UUID? = nil,
        after: UUID? = nil,
        limit: Int = 1000,
        locked: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Requisition] {
        let statusTexts = statuses?.map(\.rawValue)
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM requisitions
            WHERE tenant_id = \(tenant.uuid)
              AND (\(ids)::uuid[] IS NULL OR id = ANY(\(ids)))
              AND (\(purchaseRequestID)::uuid IS NULL OR purchase_request_id = \(purchaseRequestID))
              AND (\(statusTexts)::text[] IS NULL OR status = ANY(\(statusTexts)))
              AND (\(partID)::uuid IS NULL OR part_id = \(partID))
              AND (\(repairOrderID)::uuid IS NULL OR repair_order_id = \(repairOrderID))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            \(unescaped: locked ? "FOR UPDATE" : "")
            """,
            logger: logger
        )
        var found: [Requisition] = []
        for try await row in rows { found.append(try Self.requisition(row)) }
        return found
    }

    static func requisition(_ row: PostgresRow) throws -> Requisition {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        guard let status = RequisitionStatus(rawValue: try c["status"].decode(String.self)) else {
            throw StoredValueError(table: "requisitions", id: id)
        }
        return Requisition(
            id: id,
            partID: try c["part_id"].decode(UUID.self),
            quantity: try c["quantity"].decode(Int.self),
            deviceModel: try c["device_model"].decode(String.self),
            faultCause: try c["fault_cause"].decode(String.self),
            repairOrderID: try c["repair_order_id"].decode(UUID?.self),
            caseID: try c["case_id"].decode(UUID?.self),
            locationID: try c["location_id"].decode(UUID?.self),
            status: status,
            requestedBy: try c["requested_by"].decode(String.self),
            verifiedBy: try c["verified_by"].decode(String?.self),
            verificationNote: try c["verification_note"].decode(String?.self),
            purchaseRequestID: try c["purchase_request_id"].decode(UUID?.self),
            expectedArrival: try c["expected_arrival"].decode(Date?.self),
            createdAt: try c["created_at"].decode(Date.self),
            updatedAt: try c["updated_at"].decode(Date.self)
        )
    }
}
