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

    /// An order accepted with a part of ours (2 units of `part` at `location`), `in_repair`.
    static func accepted(_ client: ServiceTestClient, part: UUID, location: UUID) async throws -> (text: String, id: UUID) {
        let text = try await Fixture.order(client)
        try await Fixture.checkIn(client, text)
        let quote: [String: Any] = [
            "repairOrderId": text, "method": "item", "workMinutes": 120,
            "lines": [Fixture.labour(60, perHour: 100), Fixture.part(200, ["partId": part.wire, "locationId": location.wire, "quantity": 2])],
        ]
        Fixture.expectStatus(try await client.call("QuoteRepair", quote), "quoted")
        Fixture.expectStatus(try await client.call("AcceptQuote", ["repairOrderId": text, "customerSignatureRef": "sig"]), "in_repair")
        return (text, try #require(UUID(uuidString: text)))
    }

    static func requisition(_ id: UUID, _ status: RequisitionStatus, part: UUID, order: UUID, arrival: Date? = nil) throws -> String {
        let changed = RequisitionChanged(
            requisitionID: id,
            partID: part,
            quantity: 2,
            status: status,
            repairOrderID: order,
            caseID: nil,
            purchaseRequestID: arrival == nil ? nil : UUID.v7(),
            expectedArrival: arrival
        )
        return try Fixture.envelope(changed, subject: id)
    }

    static func asks(_ database: TestDatabase) async throws -> [[String: Any]] {
        try await Fixture.events(database, RepairPartsRequested.type)
    }

    @Test func aPartThatRanOutMakesTheRepairWaitUntilItArrives() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let (partID, location, requisition) = (UUID.v7(), UUID.v7(), UUID.v7())
                let (orderText, order) = try await Self.accepted(client, part: partID, location: location)
                #expect((try await Self.asks(harness.database).first?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 2)

                // Parts could not hold the line: it filed a requisition for the order.
                let requested = try Self.requisition(requisition, .requested, part: partID, order: order)
                try await Fixture.deliver(client, [requested])
                try await Fixture.deliver(client, [requested])
                let waiting = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                Fixture.expectStatus(waiting, "awaiting_parts")
                #expect((waiting.json["partWaits"] as? [[String: Any]])?.map { $0["status"] as? String } == ["requested"])
                Fixture.expectRefused(try await client.call("FinishRepair", ["repairOrderId": orderText, "workDone": "x"]), "waiting for parts")

                // Ordered for the 13th at 10:00 Shanghai: the work (120 min) and its margin (60 min) start then.
                let arrival = RFC3339.date("2026-03-13T02:00:00Z")!
                try await Fixture.deliver(client, [try Self.requisition(requisition, .ordered, part: partID, order: order, arrival: arrival)])
                let moved = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                #expect(moved.json["promisedBy"] as? String == "2026-03-13T05:00:00Z", "\(moved.json)")
                let dues = try await Fixture.events(harness.database, RepairOrderChanged.type).filter { $0["step"] as? String == "promise_moved" }
                #expect(dues.count == 1 && dues.first?["dueAt"] as? String == "2026-03-13T05:00:00.000Z")

                // Received: the repair goes on, and Parts is asked again for the order's need (it holds what is missing).
                let received = try Self.requisition(requisition, .received, part: partID, order: order)
                try await Fixture.deliver(client, [received])
                try await Fixture.deliver(client, [received])
                Fixture.expectStatus(try await client.call("GetRepairOrder", ["repairOrderId": orderText]), "in_repair")
                let asks = try await Self.asks(harness.database)
                #expect(asks.count == 2, "accepted, then arrived — once, however often the arrival is delivered")
                #expect((asks.last?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 2, "the whole need")

                // Held: the read model shows it; a hold that expires while the repair goes on is asked for again.
                let reservation = UUID.v7()
                func reservationChanged(_ status: ReservationStatus) throws -> String {
                    let changed = ReservationChanged(
                        reservationID: reservation,
                        partID: partID,
                        locationID: location,
                        quantity: 2,
                        status: status,
                        repairOrderID: order,
                        caseID: nil,
                        expiresAt: arrival,
                        replacementID: nil
                    )
                    return try Fixture.envelope(changed, subject: reservation)
                }
                try await Fixture.deliver(client, [try reservationChanged(.held)])
                let holding = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                #expect((holding.json["heldParts"] as? [[String: Any]])?.map { $0["status"] as? String } == ["held"])
                try await Fixture.deliver(client, [try reservationChanged(.expired)])
                #expect(try await Self.asks(harness.database).count == 3)
            }
        }
    }

    /// A part that runs out while the order waits for the customer is waited for when the repair resumes; a
    /// rejected requisition leaves it waiting (the desk decides); the moved promise keeps the approved extra
    /// work's time.
    @Test func aPartAwaitedWhileTheCustomerDecidesIsWaitedForOnResuming() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let (partID, location, requisition) = (UUID.v7(), UUID.v7(), UUID.v7())
                let (orderText, order) = try await Self.accepted(client, part: partID, location: location)
                let extra: [String: Any] = [
                    "repairOrderId": orderText, "description": "风扇异响", "lines": [Fixture.labour(30, perHour: 100, "风扇清洁")],
                    "delayMinutes": 60, "customerToldVia": "phone",
                ]
                Fixture.expectStatus(try await client.call("ReportExtraWork", extra), "awaiting_addon_approval")
                try await Fixture.deliver(client, [try Self.requisition(requisition, .requested, part: partID, order: order)])
                Fixture.expectStatus(try await client.call("GetRepairOrder", ["repairOrderId": orderText]), "awaiting_addon_approval")
                let answer: [String: Any] = [
                    "repairOrderId": orderText, "approved": true, "workshopTold": "王师傅", "customerConsentRef": "电话录音 0310-2",
                ]
                Fixture.expectStatus(try await client.call("AnswerExtraWork", answer), "awaiting_parts")
                Fixture.expectRefused(try await client.call("FinishRepair", ["repairOrderId": orderText, "workDone": "x"]), "waiting for parts")

                // 120 min quoted and 60 min of extra work, with a 60 min margin, after the arrival.
                let arrival = RFC3339.date("2026-03-13T02:00:00Z")!
                try await Fixture.deliver(client, [try Self.requisition(requisition, .ordered, part: partID, order: order, arrival: arrival)])
                let moved = try await client.call("GetRepairOrder", ["repairOrderId": orderText])
                #expect(moved.json["promisedBy"] as? String == "2026-03-13T06:00:00Z", "\(moved.json)")

                try await Fixture.deliver(client, [try Self.requisition(requisition, .rejected, part: partID, order: order)])
                Fixture.expectStatus(try await client.call("GetRepairOrder", ["repairOrderId": orderText]), "awaiting_parts")
                #expect(try await Self.asks(harness.database).count == 2, "accepted and approved; the rejection asks for nothing")
            }
        }
    }

    @Test func aCancelledCaseCancelsItsOrdersNotYetRepaired() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.frontDesk) { client in
                let caseID = try await Fixture.knownCase(client)
                let (partID, location) = (UUID.v7(), UUID.v7())
                let order = try await Fixture.order(client, ["caseId": caseID.wire])
                try await Fixture.checkIn(client, order)
                let quote: [String: Any] = [
                    "repairOrderId": order, "method": "system", "workMinutes": 60,
                    "lines": [Fixture.part(200, ["partId": partID.wire, "locationId": location.wire])],
                ]
                Fixture.expectStatus(try await client.call("QuoteRepair", quote), "quoted")
                Fixture.expectStatus(try await client.call("AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "sig"]), "in_repair")
                let cancelled = CaseCancelled(caseID: caseID, merchantID: nil, reason: "客户撤回")
                try await Fixture.deliver(client, [try Fixture.envelope(cancelled, subject: caseID)])
                let read = try await client.call("GetRepairOrder", ["repairOrderId": order])
                Fixture.expectStatus(read, "cancelled")
                #expect((read.json["cancellation"] as? [String: Any])?["reason"] as? String == "the case was cancelled: 客户撤回")
                let settled = try await Fixture.events(harness.database, RepairPartsSettled.type)
                #expect(settled.map { $0["outcome"] as? String } == ["unused"])
                #expect(try await client.call("CreateRepairOrder", Fixture.orderBody(["caseId": caseID.wire])).violatedFields == ["caseId"])
            }
        }
    }
}
