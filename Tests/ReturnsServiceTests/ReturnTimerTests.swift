import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ReturnsService
import ServiceKit
import TestSupport
import Testing

/// The platform's timers through the service with the test clock (rules.md §5 T-01 … T-05, §0's day
/// counting), each at its exact boundary: a second before, nothing; at it, the step.
@Suite struct ReturnTimerTests {
    typealias F = ReturnsFixture

    /// T-01: a refund-only request submitted at 10:00 on 10 March is approved at 10:00 on 12 March, not a
    /// second earlier; `refund.approved` carries the amount and the timer's rules.
    @Test func aMerchantSilentForFortyEightHoursApprovesARefund() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client)
                try harness.clock.advance(by: 48 * 3600 - 1)
                try await F.drain(client)
                #expect(try await F.status(client, id) == "requested")
                try harness.clock.advance(by: 1)
                try await F.drain(client)
                let request = try await client.call("GetReturnRequest", ["returnRequestId": id]).json
                #expect(request["status"] as? String == "refund_approved")
                let refund = try #require(request["refund"] as? [String: Any])
                #expect(refund["decidedBy"] as? String == "timer" && refund["withoutReturn"] as? Bool == true)
                #expect(refund["ruleIds"] as? [String] == ["PDD-06", "T-01"])
                #expect((refund["amount"] as? [String: Any])?["amountMinor"] as? Int == 12_900)
                let approved = try await F.events(harness, type: "refund.approved")
                #expect(approved.count == 1)
                #expect(approved.first?["decidedBy"] as? String == "timer" && approved.first?["ruleIds"] as? [String] == ["PDD-06", "T-01"])
                #expect((approved.first?["amount"] as? [String: Any])?["amountMinor"] as? Int == 12_900)
                let steps = try await F.events(harness, type: "returns.request_changed").compactMap { $0["step"] as? String }
                #expect(steps == ["submitted", "merchant_answer_timed_out"])
            }
        }
    }

    /// T-02: a return-and-refund the merchant lets pass is refunded without the return.
    @Test func aSilentMerchantRefundsAReturnWithoutTheReturn() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client, type: "return_and_refund")
                try harness.clock.advance(by: 48 * 3600)
                try await F.drain(client)
                let request = try await client.call("GetReturnRequest", ["returnRequestId": id]).json
                #expect(request["status"] as? String == "refund_approved")
                let refund = request["refund"] as? [String: Any]
                #expect(refund?["ruleIds"] as? [String] == ["PDD-12", "T-02"] && refund?["withoutReturn"] as? Bool == true)
            }
        }
    }

    /// T-03 under §0: rejected at 12:00 on 10 March, the customer's 7 days end at 00:00 on 18 March (16:00
    /// UTC on the 17th); then the request lapses, and a new one on the case may be filed (T-06).
    @Test func aRejectionLapsesAtMidnightAfterTheSeventhDay() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client)
                try harness.clock.advance(by: 2 * 3600)
                let merchant = try await client.calling(as: F.merchantCaller())
                let rejected = try await merchant.call("RejectReturnRequest", ["returnRequestId": id, "reason": "商品完好，无质量问题"])
                #expect(rejected.json["status"] as? String == "merchant_rejected", "\(rejected.json)")
                #expect(rejected.json["dueAt"] as? String == "2026-03-17T16:00:00Z")
                #expect(rejected.json["waitingOn"] as? String == "customer")
                try harness.clock.advance(by: 7 * 86_400 + 12 * 3600 - 1)  // 23:59:59 on 17 March in Shanghai
                try await F.drain(client)
                #expect(try await F.status(client, id) == "merchant_rejected")
                try harness.clock.advance(by: 1)
                try await F.drain(client)
                #expect(try await F.status(client, id) == "user_overdue")
                let caseID = try #require(rejected.json["caseId"] as? String)
                let again = try await client.call("CreateReturnRequest", F.body(UUID(uuidString: caseID)!))
                #expect(again.status == .ok, "a new request inside the validity: \(again.json)")
            }
        }
    }

    /// T-04 and T-05: approved with a return, the customer ships within 7 days; the merchant then has 7 days
    /// to confirm the receipt, and its silence refunds (the preset's default, rules.md §8 item 6).
    @Test func aReturnShippedAndNotConfirmedIsRefundedAfterSevenDays() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client, type: "return_and_refund")
                let merchant = try await client.calling(as: F.merchantCaller())
                let approved = try await merchant.call("ApproveReturnRequest", ["returnRequestId": id])
                #expect(approved.json["status"] as? String == "awaiting_return")
                // Approved 10:00 on 10 March: ship by the end of 17 March.
                #expect(approved.json["dueAt"] as? String == "2026-03-17T16:00:00Z")
                try harness.clock.advance(by: 86_400)
                let shipped = try await client.call("ShipReturn", ["returnRequestId": id, "carrier": "顺丰速运", "trackingNumber": "SF1234567890"])
                #expect(shipped.json["status"] as? String == "item_returned" && shipped.json["waitingOn"] as? String == "merchant")
                #expect(shipped.json["dueAt"] as? String == "2026-03-18T16:00:00Z", "\(shipped.json)")
                try harness.clock.advance(by: 7 * 86_400 + 14 * 3600 - 1)  // 23:59:59 on 18 March in Shanghai
                try await F.drain(client)
                #expect(try await F.status(client, id) == "item_returned")
                try harness.clock.advance(by: 1)
                try await F.drain(client)
                let refunded = try await client.call("GetReturnRequest", ["returnRequestId": id]).json
                #expect(refunded["status"] as? String == "refund_approved")
                let refund = refunded["refund"] as? [String: Any]
                #expect(refund?["ruleIds"] as? [String] == ["PDD-16", "T-05"] && refund?["withoutReturn"] as? Bool == false)
            }
        }
    }

    /// T-04: a customer who does not ship within the 7 days lapses; a timer of a status left does nothing.
    @Test func aReturnNotShippedLapsesAndAnAnsweredRequestIgnoresItsOldTimer() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                try await F.knownMerchant(client)
                let lapsing = try await F.file(client, type: "return_and_refund")
                let answered = try await F.file(client)
                let merchant = try await client.calling(as: F.merchantCaller())
                _ = try await merchant.call("ApproveReturnRequest", ["returnRequestId": lapsing])
                _ = try await merchant.call("ApproveReturnRequest", ["returnRequestId": answered])
                try harness.clock.advance(by: 8 * 86_400)
                try await F.drain(client)
                #expect(try await F.status(client, lapsing) == "user_overdue")
                #expect(try await F.status(client, answered) == "refund_approved")
                let approvals = try await F.events(harness, type: "refund.approved")
                #expect(approvals.count == 1 && approvals.first?["decidedBy"] as? String == "merchant", "one decision, the merchant's")
            }
        }
    }
}
