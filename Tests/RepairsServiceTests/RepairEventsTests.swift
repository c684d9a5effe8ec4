import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// Orders moved by other services' events, delivered to Repairs' sink as the relays deliver them: an agreed
/// repair opens its order once; a part Parts could not hold makes the repair wait, the supplier's date moves
/// the promise, and the arrival lets it go on with the part requested again — each once, however often an
/// event is redelivered (rules.md §2(b) step 4, §2(f) 7, WS-06, WS-15).
@Suite struct RepairEventsTests {
    typealias Fixture = RepairsFixture

    @Test func anAgreedRepairOpensItsOrderOnce() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.frontDesk) { client in
                let merchant = try await Fixture.knownMerchant(client)
                let caseID = UUID.v7()
                let agreed = ResolutionAgreed(caseID: caseID, merchantID: merchant, resolution: .repair, refund: nil, carriedOutBy: .merchant)
                // Before Intake's case event: refused for now (the relay retries), nothing opened.
                let early = try Fixture.envelope(agreed, subject: caseID)
                try await Fixture.deliver(client, [early], expecting: .serviceUnavailable)
                _ = try await Fixture.knownCase(client, caseID, category: "computer")
                try await Fixture.deliver(client, [early])
                try await Fixture.deliver(client, [early, try Fixture.envelope(agreed, subject: caseID)])  // redelivered, and agreed again
                let refund = ResolutionAgreed(
                    caseID: caseID,
                    merchantID: merchant,
                    resolution: .returnAndRefund,
                    refund: .cny(99),
                    carriedOutBy: .returns
                )
                try await Fixture.deliver(client, [try Fixture.envelope(refund, subject: caseID)])

                let listed = try await client.call("ListRepairOrders", ["caseId": caseID.wire])
                let orders = try #require(listed.json["repairOrders"] as? [[String: Any]])
                #expect(orders.count == 1)
                #expect(orders.first?["merchantId"] as? String == merchant.wire && orders.first?["category"] as? String == "computer")
                #expect((orders.first?["device"] as? [String: Any])?["productName"] as? String == CaseRegistered.example.productName)
                #expect(orders.first?["reportedFault"] as? String == CaseRegistered.example.reason)
                let opened = try await Fixture.events(harness.database, RepairOrderChanged.type)
                #expect(opened.map { $0["step"] as? String } == ["opened"] && opened.first?["caseId"] as? String == caseID.wire)

                // The tenant's own workshop: an order with no merchant.
                let own = UUID.v7()
                _ = try await Fixture.knownCase(client, own)
                let inHouse = ResolutionAgreed(caseID: own, merchantID: merchant, resolution: .repair, refund: nil, carriedOutBy: .ownWorkshop)
                try await Fixture.deliver(client, [try Fixture.envelope(inHouse, subject: own)])
                let workshop = try await client.call("ListRepairOrders", ["caseId": own.wire])
                let first = (workshop.json["repairOrders"] as? [[String: Any]])?.first
                #expect(first != nil && first?["merchantId"] == nil, "\(workshop.json)")
            }
        }
    }

    @Test func aPartThatRanOutMakesTheRepairWaitUntilItArrives() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let partID = UUID.v7()
                let location = UUID.v7()
                let orderText = try await Fixture.order(client)
                let order = try #require(UUID(uuidString: orderText))
                try await Fixture.checkIn(client, orderText)
                let quote: [String: Any] = [
                    "repairOrderId": orderText, "method": "item", "workMinutes": 120,
                    "lines": [
                        Fixture.labour(60, perHour: 100), Fixture.part(200, ["partId": partID.wire, "locationId": location.wire, "quantity": 2]),
                    ],
                ]
                Fixture.expectStatus(try await client.call("QuoteRepair", quote), "quoted")
                Fixture.expectStatus(try await client.call("AcceptQuote", ["repairOrderId": orderText, "customerSignatureRef": "sig"]), "in_repair")

                // Parts could not hold the line: it filed a requisition for the order.
                let requisition = UUID.v7()
                func changed(_ status: RequisitionStatus, arrival: Date? = nil) -> RequisitionChanged {
                    RequisitionChanged(
                        requisitionID: requisition,
                        partID: partID,
                        quantity: 2,
                        status: status,
                        repairOrderID: order,
                        caseID: nil,
                        purchaseRequestID: arrival == nil ? nil : UUID.v7(),
                        expectedArrival: arrival
                    )
                }
                let requested = try Fixture.envelope(changed(.requested), subject: requisition)
                try await Fixture.deliver(client, [requested])
                try await Fixture.deliver(client, [requested])
                let waiting = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                Fixture.expectStatus(waiting, "awaiting_parts")
                #expect((waiting.json["partWaits"] as? [[String: Any]])?.map { $0["status"] as? String } == ["requested"])
                Fixture.expectRefused(try await client.call("FinishRepair", ["repairOrderId": orderText, "workDone": "x"]), "waiting for parts")

                // Ordered for the 13th at 10:00 Shanghai: the work (120 min) and its margin (60 min) start then.
                let arrival = RFC3339.date("2026-03-13T02:00:00Z")!
                try await Fixture.deliver(client, [try Fixture.envelope(changed(.ordered, arrival: arrival), subject: requisition)])
                let moved = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                #expect(moved.json["promisedBy"] as? String == "2026-03-13T05:00:00Z", "\(moved.json)")
                let dues = try await Fixture.events(harness.database, RepairOrderChanged.type).filter { $0["step"] as? String == "promise_moved" }
                #expect(dues.count == 1 && dues.first?["dueAt"] as? String == "2026-03-13T05:00:00.000Z")

                // Received: the repair goes on, and the part is requested again (it was never held).
                let received = try Fixture.envelope(changed(.received), subject: requisition)
                try await Fixture.deliver(client, [received])
                try await Fixture.deliver(client, [received])
                Fixture.expectStatus(try await client.call("GetRepairOrder", ["repairOrderId": orderText]), "in_repair")
                let asks = try await Fixture.events(harness.database, RepairPartsRequested.type)
                #expect(asks.count == 2, "accepted, then arrived — once, however often the arrival is delivered")
                #expect((asks.last?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 2)

                // Held this time: a third arrival of nothing changes nothing, and the part is not asked for again.
                let reservation = UUID.v7()
                let held = ReservationChanged(
                    reservationID: reservation,
                    partID: partID,
                    locationID: location,
                    quantity: 2,
                    status: .held,
                    repairOrderID: order,
                    caseID: nil,
                    expiresAt: arrival,
                    replacementID: nil
                )
                try await Fixture.deliver(client, [try Fixture.envelope(held, subject: reservation)])
                let holding = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                #expect((holding.json["heldParts"] as? [[String: Any]])?.map { $0["status"] as? String } == ["held"])
            }
        }
    }
}
