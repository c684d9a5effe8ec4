import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// Repairs follows the parts its orders wait for from Parts' events, delivered to its event sink as the
/// relay delivers them: each requisition's expected arrival and chases, each reservation, each failed part
/// — once, however often an event is redelivered.
@Suite struct PartsReadModelTests {
    typealias Harness = ServiceHarness<RepairsService>
    static let order = UUID()
    static let requisition = UUID()
    static let purchase = UUID()

    static func envelope<P: EventPayload>(_ payload: P, subject: UUID, id: UUID = .v7()) throws -> String {
        try TestEvents.envelope(payload, subject: subject, id: id, occurredAt: Harness.start)
    }

    static func deliver(_ client: ServiceTestClient, _ envelopes: [String]) async throws {
        try await TestEvents.deliver(client, envelopes)
    }

    static func requisition(_ status: RequisitionStatus, arrival: Date?) -> RequisitionChanged {
        RequisitionChanged(
            requisitionID: requisition,
            partID: UUID(),
            quantity: 2,
            status: status,
            repairOrderID: order,
            caseID: nil,
            purchaseRequestID: arrival == nil ? nil : purchase,
            expectedArrival: arrival
        )
    }

    @Test func anOrdersPartsAreFollowedFromRequisitionToFailure() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let arrival = Harness.start.addingTimeInterval(2 * 86_400)
                let ordered = try Self.envelope(Self.requisition(.ordered, arrival: arrival), subject: Self.requisition)
                try await Self.deliver(client, [try Self.envelope(Self.requisition(.requested, arrival: nil), subject: Self.requisition), ordered])
                try await Self.deliver(client, [ordered])  // a redelivery
                // A late event of another purchase request (cancelled since) changes nothing here.
                let stale = DeliveryOverdue(
                    purchaseRequestID: UUID(),
                    supplierID: UUID(),
                    expectedArrival: arrival,
                    chaseNumber: 4,
                    dueAt: arrival,
                    requisitionIDs: [Self.requisition]
                )
                try await Self.deliver(client, [try Self.envelope(stale, subject: stale.purchaseRequestID)])
                let overdue = DeliveryOverdue(
                    purchaseRequestID: Self.purchase,
                    supplierID: UUID(),
                    expectedArrival: arrival,
                    chaseNumber: 1,
                    dueAt: arrival.addingTimeInterval(86_400),
                    requisitionIDs: [Self.requisition]
                )
                try await Self.deliver(client, [try Self.envelope(overdue, subject: overdue.purchaseRequestID)])
                let waits = try await harness.database.rows(
                    "SELECT status || ' ' || to_char(expected_arrival AT TIME ZONE 'UTC', 'MM-DD HH24:MI') || ' ' || chases FROM part_waits WHERE repair_order_id = '\(Self.order.wire)'"
                )
                #expect(waits == ["ordered 03-12 02:00 1"])
                let consumed = ReservationChanged(
                    reservationID: UUID(),
                    partID: UUID(),
                    locationID: UUID(),
                    quantity: 1,
                    status: .consumed,
                    repairOrderID: Self.order,
                    caseID: nil,
                    expiresAt: arrival,
                    replacementID: UUID()
                )
                let failed = PartFailed(
                    replacementID: consumed.replacementID!,
                    partID: consumed.partID,
                    supplierID: nil,
                    serial: "PF3X9K2A",
                    repairOrderID: Self.order,
                    installedAt: arrival,
                    failedAt: arrival.addingTimeInterval(86_400)
                )
                try await Self.deliver(
                    client,
                    [try Self.envelope(consumed, subject: consumed.reservationID), try Self.envelope(failed, subject: failed.replacementID)]
                )
                #expect(try await harness.database.rows("SELECT status FROM reserved_parts") == ["consumed"])
                #expect(
                    try await harness.database.rows("SELECT serial FROM failed_parts WHERE repair_order_id = '\(Self.order.wire)'") == ["PF3X9K2A"]
                )
            }
        }
    }
}
