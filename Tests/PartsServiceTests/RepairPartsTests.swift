import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import PartsService
import ServiceKit
import TestSupport
import Testing

/// What Parts does for repair orders on Repairs' events, delivered to its sink as the relay delivers them
/// (rules.md §2(f) 7, WS-15): the order's need held, what it cannot hold requisitioned instead — only what is
/// missing, however often it is asked; fitted parts consumed into the device's serial, unused ones released.
@Suite struct RepairPartsTests {
    typealias Harness = ServiceHarness<PartsService>

    static func envelope<P: EventPayload>(_ payload: P, subject: UUID, id: UUID = .v7()) throws -> String {
        try TestEvents.envelope(payload, subject: subject, id: id, occurredAt: Harness.start)
    }

    static func deliver(_ client: ServiceTestClient, _ envelopes: [String]) async throws {
        try await TestEvents.deliver(client, envelopes)
    }

    static func reservations(_ client: ServiceTestClient, _ database: TestDatabase, order: UUID) async throws -> [String] {
        try await database.rows("SELECT status || ':' || quantity FROM reservations WHERE repair_order_id = '\(order.wire)' ORDER BY id")
    }

    @Test func anAcceptedQuotesPartsAreHeldOrRequisitionedThenFitted() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let chip = try await PartsFixture.part(client, number: "CHIP-1")
                let screen = try await PartsFixture.part(client, number: "SCREEN-1")
                try await PartsFixture.stock(client, part: chip, location: location, quantity: 3)
                let order = UUID.v7()
                let requested = RepairPartsRequested(
                    repairOrderID: order,
                    caseID: nil,
                    deviceModel: "G304",
                    faultCause: "左键失灵",
                    holdHours: 720,
                    lines: [
                        RepairPartLine(partID: UUID(uuidString: chip)!, locationID: UUID(uuidString: location)!, quantity: 2),
                        RepairPartLine(partID: UUID(uuidString: screen)!, locationID: UUID(uuidString: location)!, quantity: 1),
                    ]
                )
                let asked = try Self.envelope(requested, subject: order)
                try await Self.deliver(client, [asked])
                try await Self.deliver(client, [asked])  // a redelivery holds nothing twice
                try await Self.deliver(client, [try Self.envelope(requested, subject: order)])  // nor does the same need asked again
                #expect(try await Self.reservations(client, harness.database, order: order) == ["held:2"])
                #expect((try await PartsFixture.level(client, part: chip, location: location))["available"] as? Int == 1)
                let filed = try await client.call("ListRequisitions", ["repairOrderId": order.wire])
                let requisitions = try #require(filed.json["requisitions"] as? [[String: Any]])
                #expect(requisitions.count == 1 && requisitions.first?["partId"] as? String == screen, "\(filed.json)")
                #expect(requisitions.first?["status"] as? String == "requested" && requisitions.first?["requestedBy"] as? String == "repairs")
                #expect(requisitions.first?["deviceModel"] as? String == "G304" && requisitions.first?["locationId"] as? String == location)
                let held = try await PurchasingAndStocktakeTests.events(harness.database, ReservationChanged.type)
                #expect(held.count == 1 && held.first?.contains("\"expiresAt\": \"2026-04-09T02:00:00.000Z\"") == true, "held 720 h: \(held)")

                // Extra work needs a third chip: only the missing one is held.
                let more = RepairPartsRequested(
                    repairOrderID: order,
                    caseID: nil,
                    deviceModel: "G304",
                    faultCause: "左键失灵",
                    holdHours: 720,
                    lines: requested.lines.map {
                        RepairPartLine(partID: $0.partID, locationID: $0.locationID, quantity: $0.partID.wire == chip ? 3 : 1)
                    }
                )
                try await Self.deliver(client, [try Self.envelope(more, subject: order)])
                #expect(try await Self.reservations(client, harness.database, order: order) == ["held:2", "held:1"])
                #expect((try await client.call("ListRequisitions", ["repairOrderId": order.wire]).json["requisitions"] as? [Any])?.count == 1)

                let fitted = try Self.envelope(
                    RepairPartsSettled(repairOrderID: order, outcome: .fitted, serialNumber: "G304-SN1", reason: nil),
                    subject: order
                )
                try await Self.deliver(client, [fitted])
                try await Self.deliver(client, [fitted])
                #expect(try await Self.reservations(client, harness.database, order: order) == ["consumed:2", "consumed:1"])
                let level = try await PartsFixture.level(client, part: chip, location: location)
                #expect(level["onHand"] as? Int == 0 && level["reserved"] as? Int == 0)
                let replaced = try await client.call("ListReplacements", ["serial": "G304-SN1"])
                #expect((replaced.json["replacements"] as? [[String: Any]])?.map { $0["partId"] as? String } == [chip, chip])
                try await PartsFixture.expectLedgerAddsUp(harness.database)
            }
        }
    }

    @Test func anUnusedOrdersPartsAreReleasedAndItsOpenRequisitionsCancelled() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let chip = try await PartsFixture.part(client, number: "CHIP-2")
                try await PartsFixture.stock(client, part: chip, location: location, quantity: 1)
                let order = UUID.v7()
                let line = RepairPartLine(partID: UUID(uuidString: chip)!, locationID: UUID(uuidString: location)!, quantity: 1)
                let more = RepairPartLine(partID: UUID(uuidString: chip)!, locationID: UUID(uuidString: location)!, quantity: 5)
                // One request holds the unit; a second (approved extra work) needs 5 in all: the 4 missing are requisitioned.
                for lines in [[line], [more]] {
                    let requested = RepairPartsRequested(
                        repairOrderID: order,
                        caseID: nil,
                        deviceModel: "G304",
                        faultCause: "x",
                        holdHours: 24,
                        lines: lines
                    )
                    try await Self.deliver(client, [try Self.envelope(requested, subject: order)])
                }
                #expect(try await Self.reservations(client, harness.database, order: order) == ["held:1"])
                let unused = RepairPartsSettled(repairOrderID: order, outcome: .unused, serialNumber: nil, reason: "客户取消维修")
                try await Self.deliver(client, [try Self.envelope(unused, subject: order)])
                #expect(try await Self.reservations(client, harness.database, order: order) == ["released:1"])
                #expect((try await PartsFixture.level(client, part: chip, location: location))["available"] as? Int == 1)
                let filed = try await client.call("ListRequisitions", ["repairOrderId": order.wire, "status": "cancelled"])
                let cancelled = (filed.json["requisitions"] as? [[String: Any]]) ?? []
                #expect(cancelled.map { $0["quantity"] as? Int } == [4], "\(filed.json)")
                try await PartsFixture.expectLedgerAddsUp(harness.database)
            }
        }
    }

    /// A requisition the desk rejected for an order is not filed again when the order asks again.
    @Test func aRejectedRequisitionIsNotFiledAgain() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let screen = try await PartsFixture.part(client, number: "SCREEN-3")
                let order = UUID.v7()
                let line = RepairPartLine(partID: UUID(uuidString: screen)!, locationID: UUID(uuidString: location)!, quantity: 1)
                let requested = RepairPartsRequested(
                    repairOrderID: order,
                    caseID: nil,
                    deviceModel: "G999",
                    faultCause: "x",
                    holdHours: 24,
                    lines: [line]
                )
                try await Self.deliver(client, [try Self.envelope(requested, subject: order)])
                let filed = try await client.call("ListRequisitions", ["repairOrderId": order.wire])
                let requisition = try #require((filed.json["requisitions"] as? [[String: Any]])?.first?["requisitionId"] as? String)
                let rejected = try await client.call("VerifyRequisition", ["requisitionId": requisition, "verdict": "rejected", "note": "型号不符"])
                #expect(rejected.json["status"] as? String == "rejected", "\(rejected.json)")
                try await Self.deliver(client, [try Self.envelope(requested, subject: order)])
                #expect((try await client.call("ListRequisitions", ["repairOrderId": order.wire]).json["requisitions"] as? [Any])?.isEmpty == true)
                let all = try await harness.database.rows("SELECT status FROM requisitions WHERE repair_order_id = '\(order.wire)'")
                #expect(all == ["rejected"])
            }
        }
    }
}
