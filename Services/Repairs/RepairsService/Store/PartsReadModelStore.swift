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

    /// What an order waits for and holds at Parts, as its answer shows them.
    func parts(of order: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> OrderParts {
        var parts = OrderParts()
        let waits = try await connection.query(
            """
            SELECT requisition_id, part_id, quantity, status, expected_arrival FROM part_waits
            WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(order) ORDER BY requisition_id
            """,
            logger: logger
        )
        for try await (id, part, quantity, status, arrival) in waits.decode((UUID, UUID, Int, String, Date?).self) {
            parts.waits.append(.init(requisitionID: id, partID: part, quantity: quantity, status: status, expectedArrival: arrival))
        }
        let held = try await connection.query(
            """
            SELECT reservation_id, part_id, quantity, status FROM reserved_parts
            WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(order) ORDER BY reservation_id
            """,
            logger: logger
        )
        for try await (id, part, quantity, status) in held.decode((UUID, UUID, Int, String).self) {
            parts.held.append(.init(reservationID: id, partID: part, quantity: quantity, status: status))
        }
        return parts
    }

    /// The order's requisitions still open (requested, verified or ordered).
    func openWaits(of order: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT count(*)::int FROM part_waits
            WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(order) AND status IN ('requested', 'verified', 'ordered')
            """,
            logger: logger
        )
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// The latest expected arrival among the order's open requisitions.
    func latestArrival(of order: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Date? {
        let rows = try await connection.query(
            """
            SELECT max(expected_arrival) FROM part_waits
            WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(order) AND status IN ('requested', 'verified', 'ordered')
            """,
            logger: logger
        )
        for try await arrival in rows.decode(Date?.self) { return arrival }
        return nil
    }

    /// The orders waiting on any of `requisitions`.
    func orders(waitingOn requisitions: [UUID], tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        let rows = try await connection.query(
            """
            SELECT DISTINCT repair_order_id FROM part_waits
            WHERE tenant_id = \(tenant.uuid) AND requisition_id = ANY(\(requisitions)) ORDER BY repair_order_id
            """,
            logger: logger
        )
        var orders: [UUID] = []
        for try await id in rows.decode(UUID.self) { orders.append(id) }
        return orders
    }
}

/// The parts of one order at Parts, from its events.
struct OrderParts: Sendable, Encodable {
    struct Wait: Sendable, Encodable {
        let requisitionID: UUID
        let partID: UUID
        let quantity: Int
        let status: String
        let expectedArrival: Date?

        enum CodingKeys: String, CodingKey { case requisitionId, partId, quantity, status, expectedArrival }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(requisitionID.wireText, forKey: .requisitionId)
            try c.encode(partID.wireText, forKey: .partId)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(status, forKey: .status)
            try c.encodeIfPresent(expectedArrival, forKey: .expectedArrival)
        }
    }

    struct Held: Sendable, Encodable {
        let reservationID: UUID
        let partID: UUID
        let quantity: Int
        let status: String

        enum CodingKeys: String, CodingKey { case reservationId, partId, quantity, status }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(reservationID.wireText, forKey: .reservationId)
            try c.encode(partID.wireText, forKey: .partId)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(status, forKey: .status)
        }
    }

    var waits: [Wait] = []
    var held: [Held] = []
}
