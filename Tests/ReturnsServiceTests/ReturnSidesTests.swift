import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ReturnsService
import ServiceKit
import TestSupport
import Testing

/// The three sides of a request through the service: the merchant's partner API, the customer's side and
/// the platform's review — and who may see and do what (the BOLA suite's Returns part).
@Suite struct ReturnSidesTests {
    typealias F = ReturnsFixture

    /// Rejected with evidence → edited and resubmitted (the 48 h run again) → withdrawn; nothing after that.
    @Test func aRejectionIsAnsweredByAResubmissionAndTheRequestWithdrawn() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client)
                let merchant = try await client.calling(as: F.merchantCaller())
                let evidence = [["url": "https://files.example.com/a.jpg", "sha256": String(repeating: "ab", count: 32), "caption": "包装完好"]]
                let rejected = try await merchant.call("RejectReturnRequest", ["returnRequestId": id, "reason": "未见质量问题", "evidence": evidence])
                #expect((rejected.json["rejection"] as? [String: Any])?["reason"] as? String == "未见质量问题")
                try harness.clock.advance(by: 3600)
                let tooMuch = try await client.call("ResubmitReturnRequest", ["returnRequestId": id, "amount": F.money(130)])
                #expect(tooMuch.violatedFields == ["amount.amountMinor"], "¥130 on a ¥129 item: \(tooMuch.json)")
                let resubmitted = try await client.call(
                    "ResubmitReturnRequest",
                    ["returnRequestId": id, "reason": "补充视频：左耳无声", "amount": F.money(100)]
                )
                #expect(resubmitted.json["status"] as? String == "requested", "\(resubmitted.json)")
                #expect(resubmitted.json["reason"] as? String == "补充视频：左耳无声")
                #expect((resubmitted.json["amount"] as? [String: Any])?["amountMinor"] as? Int == 10_000)
                #expect(resubmitted.json["dueAt"] as? String == "2026-03-12T03:00:00Z", "48 h from the resubmission")
                let again = try await client.call("ResubmitReturnRequest", ["returnRequestId": id])
                #expect(again.code == "failed_precondition" && again.violatedFields == ["returnRequestId"], "a requested request is not resubmitted")
                let withdrawn = try await client.call("WithdrawReturnRequest", ["returnRequestId": id, "reason": "已协商解决"])
                #expect(withdrawn.json["status"] as? String == "withdrawn" && withdrawn.json["dueAt"] == nil)
                let steps = (withdrawn.json["history"] as? [[String: Any]] ?? []).compactMap { $0["step"] as? String }
                #expect(steps == ["submitted", "rejected", "resubmitted", "withdrawn"])
                let late = try await merchant.call("ApproveReturnRequest", ["returnRequestId": id])
                #expect(late.code == "failed_precondition" && late.violatedFields == ["returnRequestId"])
                #expect((late.json["message"] as? String ?? "").contains("withdrawn"))
                try harness.clock.advance(by: 3 * 86_400)
                try await F.drain(client)
                #expect(try await F.status(client, id) == "withdrawn", "no timer of a status left")
            }
        }
    }

    /// A partial offer accepted is paid as offered; one above the amount asked is refused.
    @Test func aPartialOfferAcceptedIsTheRefund() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client)
                let merchant = try await client.calling(as: F.merchantCaller())
                let tooMuch = try await merchant.call("OfferPartialRefund", ["returnRequestId": id, "amount": F.money(129)])
                #expect(tooMuch.code == "failed_precondition" && tooMuch.violatedFields == ["amount.amountMinor"])
                let offered = try await merchant.call("OfferPartialRefund", ["returnRequestId": id, "amount": F.money(50), "note": "补偿 50 元"])
                #expect(offered.json["status"] as? String == "partial_refund_offered")
                // The customer's 7 days run from the offer (to the end of 17 March); declining keeps them.
                #expect(offered.json["dueAt"] as? String == "2026-03-17T16:00:00Z")
                try harness.clock.advance(by: 86_400)
                let declined = try await client.call("AnswerRefundOffer", ["returnRequestId": id, "accept": false])
                #expect(declined.json["status"] as? String == "merchant_rejected" && declined.json["dueAt"] as? String == "2026-03-17T16:00:00Z")
                let again = try await client.call("ResubmitReturnRequest", ["returnRequestId": id])
                #expect(again.json["status"] as? String == "requested")
                _ = try await merchant.call("OfferPartialRefund", ["returnRequestId": id, "amount": F.money(50), "note": "补偿 50 元"])
                let accepted = try await client.call("AnswerRefundOffer", ["returnRequestId": id, "accept": true])
                let refund = try #require(accepted.json["refund"] as? [String: Any], "\(accepted.json)")
                #expect(refund["decidedBy"] as? String == "customer_accepted_offer")
                #expect((refund["amount"] as? [String: Any])?["amountMinor"] as? Int == 5_000)
                #expect((refund["requested"] as? [String: Any])?["amountMinor"] as? Int == 12_900)
            }
        }
    }

    /// Review: the customer asks after a rejection; the merchant can no longer answer; the arbitrator decides
    /// a partial refund — and only the arbitrator arbitrates.
    @Test func thePlatformReviewsAndOnlyTheArbitratorDecides() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client)
                let merchant = try await client.calling(as: F.merchantCaller())
                _ = try await merchant.call("RejectReturnRequest", ["returnRequestId": id, "reason": "人为损坏"])
                let asked = try await client.call("AskPlatformReview", ["returnRequestId": id, "reason": "非人为损坏，开箱即坏"])
                #expect(asked.json["status"] as? String == "in_platform_review" && asked.json["waitingOn"] as? String == "arbitrator")
                #expect(try await merchant.call("ApproveReturnRequest", ["returnRequestId": id]).code == "failed_precondition")
                #expect(try await merchant.call("RejectReturnRequest", ["returnRequestId": id, "reason": "x"]).code == "failed_precondition")
                let decision: [String: Any] = ["returnRequestId": id, "decision": "partial", "amount": F.money(80), "note": "双方均有责任"]
                #expect(try await client.call("ArbitrateReturnRequest", decision).status == .forbidden)
                let arbitrator = try await client.calling(as: F.arbitrator)
                let queue = try await arbitrator.call("ListReturnRequests", ["waitingOn": "arbitrator"])
                #expect((queue.json["returnRequests"] as? [[String: Any]])?.compactMap { $0["returnRequestId"] as? String } == [id])
                #expect(try await arbitrator.call("ApproveReturnRequest", ["returnRequestId": id]).status == .forbidden)
                var missing = decision
                missing["amount"] = nil
                #expect(try await arbitrator.call("ArbitrateReturnRequest", missing).violatedFields == ["amount"])
                let decided = try await arbitrator.call("ArbitrateReturnRequest", decision)
                #expect(decided.json["status"] as? String == "refund_approved", "\(decided.json)")
                let review = decided.json["review"] as? [String: Any]
                #expect((review?["decision"] as? [String: Any])?["outcome"] as? String == "partial")
                let refund = decided.json["refund"] as? [String: Any]
                #expect(refund?["decidedBy"] as? String == "arbitrator" && (refund?["amount"] as? [String: Any])?["amountMinor"] as? Int == 8_000)
            }
        }
    }

    /// A returned item the merchant finds not as it should be goes to review with the merchant's note; the
    /// arbitrator supporting the buyer refunds it without another return (the item is already back).
    @Test func aDisputedReceiptIsReviewedAndTheBuyerRefundedWithoutAnotherReturn() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let id = try await F.file(client, type: "return_and_refund")
                let merchant = try await client.calling(as: F.merchantCaller())
                _ = try await merchant.call("ApproveReturnRequest", ["returnRequestId": id])
                _ = try await client.call("ShipReturn", ["returnRequestId": id, "carrier": "顺丰速运", "trackingNumber": "SF1234567890"])
                let blank = try await merchant.call("ConfirmReturnReceipt", ["returnRequestId": id, "acceptable": false])
                #expect(blank.code == "invalid_argument" && blank.violatedFields == ["note"], "a dispute says why")
                let disputed = try await merchant.call(
                    "ConfirmReturnReceipt",
                    ["returnRequestId": id, "acceptable": false, "note": "退回商品有进水痕迹"]
                )
                #expect(disputed.json["status"] as? String == "in_platform_review", "\(disputed.json)")
                #expect((disputed.json["review"] as? [String: Any])?["askedReason"] as? String == "退回商品有进水痕迹")
                #expect((disputed.json["receipt"] as? [String: Any])?["acceptable"] as? Bool == false)
                let arbitrator = try await client.calling(as: F.arbitrator)
                let decided = try await arbitrator.call(
                    "ArbitrateReturnRequest",
                    ["returnRequestId": id, "decision": "support_buyer", "note": "进水痕迹为运输所致"]
                )
                #expect(decided.json["status"] as? String == "refund_approved", "\(decided.json)")
                let refund = decided.json["refund"] as? [String: Any]
                #expect(refund?["decidedBy"] as? String == "arbitrator" && refund?["withoutReturn"] as? Bool == false)
                #expect((refund?["amount"] as? [String: Any])?["amountMinor"] as? Int == 12_900)
            }
        }
    }

    /// BOLA: a merchant sees and answers only the requests addressed to it; a storefront's customer only
    /// their own; another tenant nothing. The merchant's list shows what waits on it, with its deadline.
    @Test func eachSideSeesOnlyItsOwnRequests() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.storefront("customer-a")) { client in
                try await F.knownMerchant(client)
                try await F.knownMerchant(client, F.otherMerchant)
                let mine = try await F.file(client)
                #expect(try await client.call("GetReturnRequest", ["returnRequestId": mine]).json["source"] as? String == "storefront")
                let otherCustomer = try await client.calling(as: F.storefront("customer-b"))
                #expect(try await otherCustomer.call("GetReturnRequest", ["returnRequestId": mine]).status == .notFound)
                #expect(try await otherCustomer.call("WithdrawReturnRequest", ["returnRequestId": mine]).status == .notFound)
                let listed = try await otherCustomer.call("ListReturnRequests", [:])
                #expect((listed.json["returnRequests"] as? [Any])?.isEmpty == true)
                let stranger = try await client.calling(as: F.merchantCaller(F.otherMerchant))
                #expect(try await stranger.call("GetReturnRequest", ["returnRequestId": mine]).status == .notFound)
                #expect(try await stranger.call("ApproveReturnRequest", ["returnRequestId": mine]).status == .notFound)
                #expect(try await stranger.call("CreateReturnRequest", F.body(UUID.v7())).status == .forbidden)
                let addressee = try await client.calling(as: F.merchantCaller())
                let waiting = try await addressee.call("ListReturnRequests", ["waitingOn": "merchant"])
                let rows = waiting.json["returnRequests"] as? [[String: Any]] ?? []
                #expect(rows.compactMap { $0["returnRequestId"] as? String } == [mine])
                #expect(rows.first?["dueAt"] as? String == "2026-03-12T02:00:00Z")
                #expect(try await addressee.call("WithdrawReturnRequest", ["returnRequestId": mine]).status == .forbidden)
                let otherTenant = try await client.calling(as: .staff([.csAgent], of: TestTenants.b))
                #expect(try await otherTenant.call("GetReturnRequest", ["returnRequestId": mine]).status == .notFound)
                let staff = try await client.calling(as: F.agent)
                #expect(try await staff.call("GetReturnRequest", ["returnRequestId": mine]).status == .ok)
            }
        }
    }

    /// A request opened from the merchant's agreement starts approved: a refund decided at once, a return
    /// awaited with the customer's 7 days; a redelivery opens nothing new.
    @Test func anAgreedResolutionOpensARequestAlreadyApproved() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let refundCase = try await F.knownCase(client)
                let agreed = ResolutionAgreed(caseID: refundCase, merchantID: F.merchant, resolution: .refundOnly, refund: .cny(99))
                let envelope = try F.envelope(agreed, subject: refundCase)
                try await TestEvents.deliver(client, [envelope])
                try await TestEvents.deliver(client, [envelope])
                let returnCase = try await F.knownCase(client, judgement: F.judgement(requested: .returnAndRefund))
                let agreedReturn = ResolutionAgreed(caseID: returnCase, merchantID: F.merchant, resolution: .returnAndRefund, refund: nil)
                try await TestEvents.deliver(client, [try F.envelope(agreedReturn, subject: returnCase)])
                let repairCase = try await F.knownCase(client)
                let repair = ResolutionAgreed(caseID: repairCase, merchantID: F.merchant, resolution: .repair, refund: nil)
                try await TestEvents.deliver(client, [try F.envelope(repair, subject: repairCase)])
                let all = try await client.call("ListReturnRequests", [:]).json["returnRequests"] as? [[String: Any]] ?? []
                #expect(all.count == 2, "one request per agreement, none for a repair")
                let refund = try #require(all.first { $0["caseId"] as? String == refundCase.wire })
                #expect(refund["status"] as? String == "refund_approved" && refund["source"] as? String == "merchant_agreement")
                #expect(((refund["refund"] as? [String: Any])?["amount"] as? [String: Any])?["amountMinor"] as? Int == 9_900)
                let ret = try #require(all.first { $0["caseId"] as? String == returnCase.wire })
                #expect(ret["status"] as? String == "awaiting_return" && ret["dueAt"] as? String == "2026-03-17T16:00:00Z")
                let approvals = try await F.events(harness, type: "refund.approved")
                #expect(approvals.count == 1 && approvals.first?["decidedBy"] as? String == "merchant")
                // The agreed refund is in the ledger with its payout, waiting for the provider (none configured).
                let ledger = try await client.call("GetCaseLedger", ["caseId": refundCase.wire]).json
                let entries = ledger["entries"] as? [[String: Any]] ?? []
                #expect(entries.compactMap { $0["kind"] as? String } == ["refund"], "\(ledger)")
                #expect(entries.first.flatMap { ($0["amount"] as? [String: Any])?["amountMinor"] as? Int } == 9_900)
                let payments = ledger["payments"] as? [[String: Any]] ?? []
                #expect(payments.count == 1 && payments.first?["status"] as? String == "waiting" && payments.first?["purpose"] as? String == "refund")
            }
        }
    }
}
