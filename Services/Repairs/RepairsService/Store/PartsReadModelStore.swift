import Foundation
import Models
import PostgresNIO
import ServiceKit

/// The read model of the parts repair orders wait for (migration 0003), written from Parts' events in the
/// transaction of their inbox records.
struct PartsReadModelStore {
    /// A requisition of a repair order (one filed for no order is not Repairs' to follow).
    func requisition(_ e: RequisitionChanged, _ context: EventContext) async throws {
        guard let order = e.repairOrderID else { return }
        try await context.connection.query(
            """
            INSERT INTO part_waits (tenant_id, requisition_id, repair_order_id, case_id, part_id, quantity, status, purchase_request_id,
                                    expected_arrival, updated_at)
            VALUES (\(context.tenant.uuid), \(e.requisitionID), \(order), \(e.caseID), \(e.partID), \(e.quantity), \(e.status.rawValue),
                    \(e.purchaseRequestID), \(e.expectedArrival), \(context.now))
            ON CONFLICT (tenant_id, requisition_id) DO UPDATE
                SET status = EXCLUDED.status, purchase_request_id = EXCLUDED.purchase_request_id,
                    expected_arrival = EXCLUDED.expected_arrival, updated_at = EXCLUDED.updated_at,
                    -- Ordered again from another supplier: the old one's chases are not this one's.
                    chases = CASE WHEN part_waits.purchase_request_id IS DISTINCT FROM EXCLUDED.purchase_request_id THEN 0 ELSE part_waits.chases END,
                    next_chase_at = CASE WHEN part_waits.purchase_request_id IS DISTINCT FROM EXCLUDED.purchase_request_id THEN NULL
                                         ELSE part_waits.next_chase_at END
            """,
            logger: context.logger
        )
    }

    /// A purchase request's date moved: its waiting requisitions expect their parts then.
    func purchase(_ e: PurchaseChanged, _ context: EventContext) async throws {
        guard e.status.isOpen else { return }
        try await context.connection.query(
            """
            UPDATE part_waits SET expected_arrival = \(e.expectedArrival), updated_at = \(context.now)
            WHERE tenant_id = \(context.tenant.uuid) AND requisition_id = ANY(\(e.requisitionIDs)) AND status = 'ordered'
              AND purchase_request_id = \(e.purchaseRequestID)
            """,
            logger: context.logger
        )
    }

    /// The supplier is late: the orders waiting on it know how often it was chased and when next.
    func overdue(_ e: DeliveryOverdue, _ context: EventContext) async throws {
        try await context.connection.query(
            """
            UPDATE part_waits SET chases = \(e.chaseNumber), next_chase_at = \(e.dueAt), updated_at = \(context.now)
            WHERE tenant_id = \(context.tenant.uuid) AND requisition_id = ANY(\(e.requisitionIDs)) AND status = 'ordered'
              AND purchase_request_id = \(e.purchaseRequestID)
            """,
            logger: context.logger
        )
    }

    func reservation(_ e: ReservationChanged, _ context: EventContext) async throws {
        try await context.connection.query(
            """
            INSERT INTO reserved_parts (tenant_id, reservation_id, repair_order_id, part_id, quantity, status, expires_at, replacement_id, updated_at)
            VALUES (\(context.tenant.uuid), \(e.reservationID), \(e.repairOrderID), \(e.partID), \(e.quantity), \(e.status.rawValue), \(e.expiresAt),
                    \(e.replacementID), \(context.now))
            ON CONFLICT (tenant_id, reservation_id) DO UPDATE
                SET status = EXCLUDED.status, replacement_id = EXCLUDED.replacement_id, updated_at = EXCLUDED.updated_at
            """,
            logger: context.logger
        )
    }

    /// A part fitted in a repair failed in the device: the second-repair rules read it.
    func failed(_ e: PartFailed, _ context: EventContext) async throws {
        try await context.connection.query(
            """
            INSERT INTO failed_parts (tenant_id, replacement_id, part_id, serial, repair_order_id, installed_at, failed_at)
            VALUES (\(context.tenant.uuid), \(e.replacementID), \(e.partID), \(e.serial), \(e.repairOrderID), \(e.installedAt), \(e.failedAt))
            ON CONFLICT (tenant_id, replacement_id) DO NOTHING
            """,
            logger: context.logger
        )
    }
}
