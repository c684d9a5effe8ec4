import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// What a repair order refuses (rules.md §2(e), LG-22, WS-03/09): no repair step while it is held, waiting
/// or declined; references to cases and merchants Repairs does not know; and a merchant acts on the orders
/// addressed to it only (BOLA).
@Suite struct RepairRefusalTests {
    typealias Fixture = RepairsFixture

    static func quoted(_ client: ServiceTestClient, _ order: String) async throws {
        let body: [String: Any] = ["repairOrderId": order, "method": "system", "workMinutes": 60, "lines": [Fixture.package(100)]]
        Fixture.expectStatus(try await client.call("QuoteRepair", body), "quoted")
    }

    @Test func aDiscrepancyHoldsTheOrderUntilAgreed() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.frontDesk) { client in
                let order = try await Fixture.order(client)
                var body: [String: Any] = [
                    "repairOrderId": order, "exteriorCondition": "屏幕碎裂", "customerSignatureRef": "sig-9", "matchesEvidence": false,
                ]
                #expect(try await client.call("CheckInRepairOrder", body).violatedFields == ["discrepancy"])
                body["discrepancy"] = "照片中屏幕完好，实物屏幕碎裂"
                let held = try await client.call("CheckInRepairOrder", body)
                Fixture.expectStatus(held, "on_hold_discrepancy")
                #expect((held.json["hold"] as? [String: Any])?["kind"] as? String == "discrepancy")
                Fixture.expectRefused(
                    try await client.call(
                        "QuoteRepair",
                        ["repairOrderId": order, "method": "system", "workMinutes": 1, "lines": [Fixture.package(1)]]
                    ),
                    "photos"
                )
                let agreed = try await client.call("AgreeDiscrepancy", ["repairOrderId": order, "agreement": "客户确认碎屏为寄送前已有，同意维修"])
                Fixture.expectStatus(agreed, "checked_in")
                #expect(agreed.json["hold"] == nil)
                #expect((agreed.json["checkIn"] as? [String: Any])?["discrepancyAgreement"] as? String == "客户确认碎屏为寄送前已有，同意维修")
                let history = (agreed.json["holdHistory"] as? [[String: Any]])?.first
                #expect(history?["kind"] as? String == "discrepancy" && history?["agreement"] as? String == "客户确认碎屏为寄送前已有，同意维修")
                #expect(history?["releasedAt"] as? String == "2026-03-10T02:00:00Z")
                try await Self.quoted(client, order)
            }
        }
    }

    @Test func aDeclinedQuoteClosesTheOrderAndSaysWhoPaysTheDiagnosis() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.frontDesk) { client in
                let order = try await Fixture.order(client)
                try await Fixture.checkIn(client, order)
                try await Self.quoted(client, order)
                let dollars: [String: Any] = ["repairOrderId": order, "reason": "价格太高", "diagnosisFee": ["currency": "USD", "amountMinor": 700]]
                #expect(try await client.call("DeclineQuote", dollars).violatedFields == ["diagnosisFee.currency"], "in the quote's currency")
                let declined = try await client.call("DeclineQuote", ["repairOrderId": order, "reason": "价格太高", "diagnosisFee": Fixture.money(50)])
                Fixture.expectStatus(declined, "quote_declined")
                let answer = (declined.json["quote"] as? [String: Any])?["answer"] as? [String: Any]
                #expect(answer?["accepted"] as? Bool == false && answer?["diagnosisPaidBy"] as? String == "customer")
                #expect(Fixture.amount(answer?["diagnosisFee"]) == 5_000)
                Fixture.expectRefused(try await client.call("AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "sig"]), "declined")
                Fixture.expectRefused(try await client.call("CancelRepairOrder", ["repairOrderId": order, "reason": "x"]), "declined")
                #expect(try await Fixture.events(harness.database, RepairPartsSettled.type).isEmpty, "nothing was held for it")

                let free = try await Fixture.order(client)
                try await Fixture.checkIn(client, free)
                try await Self.quoted(client, free)
                let shop = try await client.call("DeclineQuote", ["repairOrderId": free, "reason": "不修了"])
                #expect(((shop.json["quote"] as? [String: Any])?["answer"] as? [String: Any])?["diagnosisPaidBy"] as? String == "shop")
            }
        }
    }

    @Test func aHeldOrderTakesNoRepairStepAndACancelledOneReleasesItsParts() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let order = try await Fixture.order(client)
                try await Fixture.checkIn(client, order)
                try await Self.quoted(client, order)
                Fixture.expectStatus(try await client.call("AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "sig"]), "in_repair")
                Fixture.expectStatus(try await client.call("HoldRepair", ["repairOrderId": order, "reason": "发现进水痕迹，需与客户确认"]), "on_hold_special")
                Fixture.expectRefused(try await client.call("FinishRepair", ["repairOrderId": order, "workDone": "x"]), "special situation")
                let extra: [String: Any] = [
                    "repairOrderId": order, "description": "x", "lines": [Fixture.package(1)], "delayMinutes": 0, "customerToldVia": "sms",
                ]
                Fixture.expectRefused(try await client.call("ReportExtraWork", extra), "special situation")
                Fixture.expectRefused(
                    try await client.call("AnswerExtraWork", ["repairOrderId": order, "approved": false, "workshopTold": "x"]),
                    "special"
                )
                let resumed = try await client.call("ResumeRepair", ["repairOrderId": order, "agreement": "客户同意继续"])
                Fixture.expectStatus(resumed, "in_repair")
                let history = (resumed.json["holdHistory"] as? [[String: Any]])?.first
                #expect(history?["reason"] as? String == "发现进水痕迹，需与客户确认" && history?["agreement"] as? String == "客户同意继续")
                let cancelled = try await client.call("CancelRepairOrder", ["repairOrderId": order, "reason": "客户取回不修"])
                Fixture.expectStatus(cancelled, "cancelled")
                #expect((cancelled.json["cancellation"] as? [String: Any])?["cancelledBy"] as? String == "tech-wang")
                let settled = try await Fixture.events(harness.database, RepairPartsSettled.type)
                #expect(settled.count == 1 && settled.first?["outcome"] as? String == "unused" && settled.first?["reason"] as? String == "客户取回不修")
                Fixture.expectRefused(try await client.call("AssignTechnician", ["repairOrderId": order, "technician": "李"]), "cancelled")
            }
        }
    }

    @Test func referencesMustBeKnownAndAMerchantSeesOnlyItsOwnOrders() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.frontDesk) { client in
                let unknownCase = try await client.call("CreateRepairOrder", Fixture.orderBody(["caseId": UUID.v7().wire]))
                #expect(unknownCase.json["code"] as? String == "failed_precondition" && unknownCase.violatedFields == ["caseId"])
                let unknownMerchant = try await client.call("CreateRepairOrder", Fixture.orderBody(["merchantId": UUID.v7().wire]))
                #expect(unknownMerchant.json["code"] as? String == "failed_precondition" && unknownMerchant.violatedFields == ["merchantId"])
                let suspended = try await Fixture.knownMerchant(client, status: .suspended)
                #expect(
                    try await client.call("CreateRepairOrder", Fixture.orderBody(["merchantId": suspended.wire])).violatedFields == ["merchantId"]
                )

                let m1 = try await Fixture.knownMerchant(client)
                let m2 = try await Fixture.knownMerchant(client)
                let caseID = try await Fixture.knownCase(client)
                let theirs = try await Fixture.order(client, ["merchantId": m1.wire, "caseId": caseID.wire])
                let ours = try await Fixture.order(client)
                let first = try await client.calling(as: .merchant(m1.wire))
                let second = try await client.calling(as: .merchant(m2.wire))
                #expect(try await first.call("GetRepairOrder", ["repairOrderId": theirs]).json["merchantId"] as? String == m1.wire)
                #expect(try await first.call("GetRepairOrder", ["repairOrderId": ours]).status == .notFound)
                #expect(try await second.call("GetRepairOrder", ["repairOrderId": theirs]).status == .notFound)
                let listed = try await first.call("ListRepairOrders", [:])
                #expect((listed.json["repairOrders"] as? [[String: Any]])?.map { $0["repairOrderId"] as? String } == [theirs])
                #expect((try await second.call("ListRepairOrders", [:]).json["repairOrders"] as? [Any])?.isEmpty == true)
                let checkIn: [String: Any] = [
                    "repairOrderId": theirs, "exteriorCondition": "完好", "customerSignatureRef": "sig", "matchesEvidence": true,
                ]
                #expect(try await second.call("CheckInRepairOrder", checkIn).status == .notFound)
                Fixture.expectStatus(try await first.call("CheckInRepairOrder", checkIn), "checked_in")
                #expect(try await first.call("CreateRepairOrder", Fixture.orderBody()).status == .forbidden, "a merchant registers nothing")
                #expect(try await first.call("SetQcChecklist", ["category": "computer", "items": ["x"]]).status == .forbidden)
            }
        }
    }
}
