import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// Correcting, withdrawing and re-judging a case through the whole stack: UpdateCase until the merchant
/// acknowledges (with the version read), CancelCase before it is resolved, and the merchant's inspection
/// re-judging the case under its stamped policy version.
@Suite struct CaseChangeTests {
    typealias Harness = ServiceHarness<IntakeService>
    static let merchant = UUID(uuidString: IntakeRequests.merchant)!

    static func register(_ client: ServiceTestClient, _ overrides: [String: Any] = [:]) async throws -> (id: String, body: [String: Any]) {
        let body = IntakeRequests.createBody(overrides)
        let created = try await client.call("CreateCase", body)
        #expect(created.status == .ok, "\(created.json)")
        return (try #require(created.json["caseId"] as? String), body)
    }

    static func outboxTypes(_ harness: Harness) async throws -> [String] {
        try await harness.database.rows("SELECT type FROM outbox_events WHERE type LIKE 'case.%' ORDER BY position")
    }

    @Test func staffCorrectTheCaseWithTheVersionTheyReadUntilTheMerchantAcknowledges() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let (caseID, body) = try await Self.register(client)
                var corrected = body
                corrected["reason"] = "屏幕闪烁，偶尔黑屏"
                corrected["orderLine"] = "2"
                let stale = try await client.call("UpdateCase", ["caseId": caseID, "expectedVersion": 2, "registration": corrected])
                #expect(stale.status == .conflict && stale.json["code"] as? String == "aborted")

                let updated = try await client.call("UpdateCase", ["caseId": caseID, "expectedVersion": 1, "registration": corrected])
                #expect(updated.status == .ok, "\(updated.json)")
                #expect(updated.json["version"] as? Int == 2 && updated.json["reason"] as? String == "屏幕闪烁，偶尔黑屏")
                #expect(updated.json["updatedAt"] as? String == "2026-03-10T02:00:00Z")
                #expect(try await client.call("GetCase", ["caseId": caseID]).json["orderLine"] as? String == "2")
                let changed = try await harness.database.rows(
                    "SELECT envelope->'data'->>'changedFields' FROM outbox_events WHERE type = 'case.updated'"
                )
                #expect(changed == [#"["orderLine", "reason"]"#])

                // Every field is checked, under registration.; the merchant is Dispatch's to change.
                var bad = corrected
                bad["quantity"] = 0
                bad["customer"] = ["name": "王芳", "phone": "x"]
                let refused = try await client.call("UpdateCase", ["caseId": caseID, "expectedVersion": 2, "registration": bad])
                #expect(refused.violatedFields == ["registration.customer.phone", "registration.quantity"])
                var moved = corrected
                moved["merchantId"] = NSNull()
                let rerouted = try await client.call("UpdateCase", ["caseId": caseID, "expectedVersion": 2, "registration": moved])
                #expect(rerouted.json["code"] as? String == "failed_precondition" && rerouted.violatedFields == ["registration.merchantId"])

                // Once the merchant has it, its inspection is the record.
                let fields = MerchantCaseFields(caseID: UUID(uuidString: caseID)!, merchantID: Self.merchant, respondBy: Harness.start)
                _ = try await CaseTimelineTests.deliver(
                    client,
                    [try CaseTimelineTests.envelope(CaseAcknowledgedByMerchant(fields), case: UUID(uuidString: caseID)!, at: 5)]
                )
                let late = try await client.call("UpdateCase", ["caseId": caseID, "expectedVersion": 2, "registration": corrected])
                #expect(late.json["code"] as? String == "failed_precondition" && late.violatedFields == ["caseId"])
                // A merchant may not correct a case at all.
                let merchant = try await client.calling(as: .merchant(IntakeRequests.merchant))
                #expect(
                    try await merchant.call("UpdateCase", ["caseId": caseID, "expectedVersion": 2, "registration": corrected]).json["code"] as? String
                        == "permission_denied"
                )
            }
            #expect(try await Self.outboxTypes(harness) == ["case.registered", "case.contact_recorded", "case.updated", "case.contact_recorded"])
        }
    }

    /// A correction is judged under the version stamped at registration, at the registration's moment.
    @Test func aCorrectionIsJudgedUnderTheStampedVersion() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let (caseID, body) = try await Self.register(client)
                let admin = try await client.calling(as: .staff([.tenantAdmin]))
                _ = try await admin.call("PutPolicy", try CompleteCaseTests.policyBody(CompleteCaseTests.generousLaptopPolicy))
                try harness.clock.advance(by: 86_400)
                var asksRefund = body
                asksRefund["requestedResolution"] = "return_and_refund"
                asksRefund["itemCondition"] = CompleteCaseTests.wholeItem
                let updated = try await client.call("UpdateCase", ["caseId": caseID, "expectedVersion": 1, "registration": asksRefund])
                let judgement = updated.json["judgement"] as? [String: Any]
                #expect(judgement?["policyVersion"] as? Int == 1, "the stamped version, not the current one")
                #expect(judgement?["status"] as? String == "not_eligible", "v1's 7-day window from 2026-03-01 closed before the 10th")
                #expect((judgement?["resolvedRules"] as? [String: Any])?["requestDate"] as? String == "2026-03-10")
            }
        }
    }

    @Test func aCaseIsWithdrawnOnceWithItsReasonButNotAfterItIsResolved() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let (caseID, _) = try await Self.register(client)
                #expect(try await client.call("CancelCase", ["caseId": caseID, "reason": "  "]).violatedFields == ["reason"])
                let cancelled = try await client.call("CancelCase", ["caseId": caseID, "reason": "顾客自行修好"])
                #expect(cancelled.json["status"] as? String == "cancelled" && cancelled.json["cancellationReason"] as? String == "顾客自行修好")
                let again = try await client.call("CancelCase", ["caseId": caseID, "reason": "重复点击"])
                #expect(again.status == .ok && again.json["cancellationReason"] as? String == "顾客自行修好", "cancelling again changes nothing")
                let timeline = try await client.call("GetCaseTimeline", ["caseId": caseID])
                #expect(CaseTimelineTests.types(timeline) == ["case.registered", "case.cancelled"])
                #expect((timeline.json["entries"] as? [[String: Any]])?.last?["actorRole"] as? String == "intake_clerk")

                // A refunded case is resolved: too late to cancel.
                let (paid, _) = try await Self.register(client)
                let paidID = UUID(uuidString: paid)!
                _ = try await CaseTimelineTests.deliver(client, try CaseTimelineTests.refundPath(paidID))
                let refused = try await client.call("CancelCase", ["caseId": paid, "reason": "不想要了"])
                #expect(refused.json["code"] as? String == "failed_precondition")
                #expect(try await client.call("GetCase", ["caseId": paid]).json["status"] as? String == "resolved")
                #expect(try await client.call("CancelCase", ["caseId": UUID.v7().wire, "reason": "x"]).status == .notFound)
            }
            #expect(
                try await Self.outboxTypes(harness) == [
                    "case.registered", "case.contact_recorded", "case.cancelled", "case.registered", "case.contact_recorded",
                ]
            )
        }
    }

    /// The merchant finds no fault and signs of misuse: the repair the policy granted is no longer granted,
    /// `case.decision_revised` says so once (a redelivery changes nothing), and the timeline shows it.
    @Test func theInspectionRejudgesTheCaseUnderItsStampedVersion() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let (caseID, _) = try await Self.register(client)
                let id = UUID(uuidString: caseID)!
                #expect(
                    (try await client.call("GetCase", ["caseId": caseID]).json["judgement"] as? [String: Any])?["status"] as? String == "eligible"
                )
                // A policy change in between does not matter: the stamped version judges.
                let admin = try await client.calling(as: .staff([.tenantAdmin]))
                _ = try await admin.call("PutPolicy", try CompleteCaseTests.policyBody(PolicyPresets.preset(.furniture)))

                let confirmed = try CaseTimelineTests.envelope(
                    InspectionRecorded(caseID: id, merchantID: Self.merchant, outcome: .faultConfirmed, findings: "屏线松动"),
                    case: id,
                    at: 10
                )
                #expect(try await CaseTimelineTests.deliver(client, [confirmed]).status == .ok)
                #expect(
                    try await Self.outboxTypes(harness) == ["case.registered", "case.contact_recorded"],
                    "a confirmation that changes nothing announces nothing"
                )

                let misuse = try CaseTimelineTests.envelope(
                    InspectionRecorded(
                        caseID: id,
                        merchantID: Self.merchant,
                        outcome: .noFaultFound,
                        findings: "屏幕进水",
                        establishedFacts: [.excludedDamage]
                    ),
                    case: id,
                    at: 20
                )
                #expect(try await CaseTimelineTests.deliver(client, [misuse]).status == .ok)
                #expect(try await CaseTimelineTests.deliver(client, [misuse]).status == .ok)
                let revised = try #require(try await client.call("GetCase", ["caseId": caseID]).json["judgement"] as? [String: Any])
                #expect(revised["status"] as? String == "not_eligible" && revised["policyVersion"] as? Int == 1)
                let reasons = revised["reasons"] as? [[String: Any]] ?? []
                #expect(reasons.contains { ($0["ruleIds"] as? [String])?.contains("B-24") == true }, "\(reasons)")
                #expect(try await Self.outboxTypes(harness) == ["case.registered", "case.contact_recorded", "case.decision_revised"])
                let cause = try await harness.database.rows(
                    "SELECT envelope->'data'->>'previousStatus' || ' ' || (envelope->'data'->>'causeEventId') FROM outbox_events WHERE type = 'case.decision_revised'"
                )
                #expect(cause.first?.hasPrefix("eligible ") == true)
                let timeline = try await client.call("GetCaseTimeline", ["caseId": caseID])
                #expect(
                    CaseTimelineTests.types(timeline)
                        == ["case.registered", "dispatch.inspection_recorded", "dispatch.inspection_recorded", "case.decision_revised"]
                )
            }
        }
    }
}
