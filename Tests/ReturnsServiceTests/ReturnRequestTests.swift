import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ReturnsService
import ServiceKit
import TestSupport
import Testing

/// Filing and reading return requests through the whole stack: contract, guard, handler, SQL on a real
/// database, the case and merchant checked against Returns' read models.
@Suite struct ReturnRequestTests {
    typealias F = ReturnsFixture

    @Test func aFiledRequestIsReadBackWithTheMerchantsFortyEightHoursRunning() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let caseID = try await F.knownCase(client)
                let created = try await client.call("CreateReturnRequest", F.body(caseID))
                #expect(created.status == .ok, "\(created.json)")
                let request = created.json
                let id = try #require(request["returnRequestId"] as? String)
                #expect(request["status"] as? String == "requested")
                #expect(request["source"] as? String == "agent")
                #expect(request["waitingOn"] as? String == "merchant")
                // Submitted at 10:00 on 10 March: the merchant answers by 10:00 on 12 March (T-01, PDD-06).
                #expect(request["dueAt"] as? String == "2026-03-12T02:00:00Z")
                let deadline = request["deadline"] as? [String: Any]
                #expect(deadline?["name"] as? String == "merchant_response" && deadline?["ruleIds"] as? [String] == ["PDD-06", "T-01"])
                #expect((request["history"] as? [[String: Any]])?.first?["step"] as? String == "submitted")
                let read = try await client.call("GetReturnRequest", ["returnRequestId": id])
                #expect(NSDictionary(dictionary: read.json) == NSDictionary(dictionary: request))
                let changed = try await F.events(harness, type: "returns.request_changed")
                #expect(changed.map { $0["step"] as? String } == ["submitted"])
                #expect(changed.first?["stage"] as? String == "opened" && changed.first?["dueAt"] as? String == "2026-03-12T02:00:00.000Z")
            }
        }
    }

    @Test func aRefundPaysSomethingAnExchangeMayOweNothing() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let caseID = try await F.knownCase(client, judgement: nil)
                let zero: [String: Any] = ["currency": "CNY", "amountMinor": 0]
                for type in ["refund_only", "return_and_refund"] {
                    var body = F.body(caseID, type: type)
                    body["amount"] = zero
                    #expect(try await client.call("CreateReturnRequest", body).violatedFields == ["amount.amountMinor"], "\(type)")
                }
                var exchange = F.body(caseID, type: "exchange")
                exchange["amount"] = zero
                #expect(try await client.call("CreateReturnRequest", exchange).status == .ok)
                var bad = F.body(caseID)
                bad["caseId"] = "c"
                bad["merchantId"] = "m"
                bad["reason"] = " "
                bad["amount"] = ["currency": "cny", "amountMinor": 1]
                bad["evidence"] = [["url": "http://x.cn/a.jpg", "sha256": String(repeating: "a", count: 64)]]
                #expect(
                    try await client.call("CreateReturnRequest", bad).violatedFields
                        == ["caseId", "merchantId", "amount.currency", "reason", "evidence[0].url"]
                )
                #expect(try await client.call("CreateReturnRequest", F.body(caseID, type: "repair")).code == "invalid_argument")
            }
        }
    }

    /// The references and the case: a case or merchant Returns does not know, another merchant than the
    /// case's, a cancelled case, more than was paid — each refused naming the field, nothing written.
    @Test func theCaseAndMerchantAreCheckedAgainstTheReadModels() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                func refusal(_ body: [String: Any]) async throws -> (String?, Set<String>) {
                    let answer = try await client.call("CreateReturnRequest", body)
                    return (answer.code, answer.violatedFields)
                }
                let unknownCase = try await refusal(F.body(UUID.v7()))
                #expect(unknownCase.0 == "failed_precondition" && unknownCase.1 == ["caseId"])
                let caseID = try await F.knownCase(client)
                #expect(try await refusal(F.body(caseID)).1 == ["merchantId"], "a merchant Returns does not know")
                try await F.knownMerchant(client)
                try await F.knownMerchant(client, F.otherMerchant)
                #expect(try await refusal(F.body(caseID, merchant: F.otherMerchant)).1 == ["merchantId"], "not the case's merchant")
                #expect(try await refusal(F.body(caseID, yuan: 130)).1 == ["amount.amountMinor"], "¥130 on a ¥129 item")
                let cancelled = CaseCancelled(caseID: caseID, merchantID: F.merchant, reason: "顾客撤销")
                try await TestEvents.deliver(client, [try F.envelope(cancelled, subject: caseID)])
                #expect(try await refusal(F.body(caseID)).1 == ["caseId"], "a cancelled case")
                #expect(try await F.events(harness, type: "returns.request_changed").isEmpty)
            }
        }
    }

    /// The stamped policy decides: special goods refuse a return-and-refund (B-26); an unshipped order's
    /// refund goes straight to the platform (PDD-04), with no merchant timer.
    @Test func thePolicyStampedOnTheCaseDecidesWhatMayBeFiledAndWhereItStarts() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let fresh = try await F.knownCase(client, judgement: F.judgement(requested: .returnAndRefund, specialGoods: true))
                let refused = try await client.call("CreateReturnRequest", F.body(fresh, type: "return_and_refund"))
                #expect(refused.code == "failed_precondition" && refused.violatedFields == ["type"])
                #expect((refused.json["message"] as? String ?? "").contains("special_goods"), "\(refused.json)")
                #expect(try await client.call("CreateReturnRequest", F.body(fresh, type: "refund_only")).status == .ok, "refund-only stays possible")
                let unshipped = try await F.knownCase(client, judgement: F.judgement(requested: .refundOnly, shipped: false))
                let review = try await client.call("CreateReturnRequest", F.body(unshipped))
                #expect(review.json["status"] as? String == "in_platform_review", "\(review.json)")
                #expect(review.json["waitingOn"] as? String == "arbitrator" && review.json["dueAt"] == nil)
            }
        }
    }

    /// Dispatch's assignment may arrive before Intake's registration (two producers): neither waits, the
    /// case is known once registered, with the merchant Dispatch queued it for.
    @Test func eventsOfTwoProducersMakeTheCaseInAnyOrder() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                try await F.knownMerchant(client, F.otherMerchant)
                let caseID = UUID.v7()
                let queued = CaseQueuedForMerchant(MerchantCaseFields(caseID: caseID, merchantID: F.merchant, respondBy: F.start))
                try await TestEvents.deliver(client, [try F.envelope(queued, subject: caseID)])
                #expect(try await client.call("CreateReturnRequest", F.body(caseID)).violatedFields == ["caseId"], "not registered yet")
                var registered = CaseRegistered.example
                registered.caseID = caseID
                registered.merchantID = nil
                registered.pricePaid = .cny(129)
                registered.judgement = F.judgement(requested: .refundOnly)
                try await TestEvents.deliver(client, [try F.envelope(registered, subject: caseID)])
                #expect(try await client.call("CreateReturnRequest", F.body(caseID, merchant: F.otherMerchant)).violatedFields == ["merchantId"])
                #expect(try await client.call("CreateReturnRequest", F.body(caseID)).status == .ok, "the merchant it was queued for")
            }
        }
    }

    @Test func aCaseHasOneOpenRequestAtATime() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent) { client in
                try await F.knownMerchant(client)
                let caseID = try await F.knownCase(client)
                #expect(try await client.call("CreateReturnRequest", F.body(caseID)).status == .ok)
                let second = try await client.call("CreateReturnRequest", F.body(caseID))
                #expect(second.status == .conflict && second.code == "already_exists" && second.violatedFields == ["caseId"])
            }
        }
    }
}
