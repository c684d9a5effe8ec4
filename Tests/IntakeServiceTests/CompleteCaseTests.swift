import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The complete case through the whole stack on a real database: one open case per order line, the
/// merchant checked against Intake's read model, the judgement stamped at registration and kept across a
/// policy change, the customer's data shown to a merchant only as it may see it.
@Suite struct CompleteCaseTests {
    typealias Harness = ServiceHarness<IntakeService>

    static func policyBody(_ document: PolicyDocument) throws -> [String: Any] {
        ["policy": try JSONSerialization.jsonObject(with: JSONEncoder().encode(document))]
    }

    /// The fixture's laptop-shop policy with a 30-day return window instead of 7.
    static var generousLaptopPolicy: PolicyDocument {
        var options = LaptopOptions()
        options.returnWindow = .days(30)
        return PolicyPresets.laptopShop(options)
    }

    static var wholeItem: [String: Any] { ["accessoriesComplete": true, "packagingIntact": true, "receiptPresent": true] }

    @Test func oneOpenCasePerOrderLineAndTheDuplicateNamesTheFirst() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let first = try await client.call("CreateCase", IntakeRequests.createBody(["orderLine": "1"], order: "PDD-77"))
                let firstID = try #require(first.json["caseId"] as? String)
                let again = try await client.call("CreateCase", IntakeRequests.createBody(["orderLine": " 1 ", "reason": "又坏了"], order: "PDD-77"))
                #expect(again.status == .conflict)
                #expect(again.json["code"] as? String == "already_exists")
                #expect(again.violatedFields == ["orderLine"])
                #expect((again.json["message"] as? String)?.contains(firstID) == true, "\(again.json)")
                // Another line of the same order, and the whole order, are other claims.
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(["orderLine": "2"], order: "PDD-77")).status == .ok)
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(order: "PDD-77")).status == .ok)
                // Once the first is withdrawn the line may be claimed again.
                #expect(try await client.call("CancelCase", ["caseId": firstID, "reason": "登记错误"]).status == .ok)
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(["orderLine": "1"], order: "PDD-77")).status == .ok)
            }
            #expect(try await harness.caseCount() == 4)
        }
    }

    @Test func aNamedMerchantMustBeKnownAndNoneIsCM06() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let stranger = UUID.v7().wire
                let unknown = try await client.call("CreateCase", IntakeRequests.createBody(["merchantId": stranger]))
                #expect(unknown.status == .badRequest)
                #expect(unknown.json["code"] as? String == "failed_precondition" && unknown.violatedFields == ["merchantId"])
                #expect(try await harness.caseCount() == 0)

                // Dispatch's event makes it known (Intake's read model of merchants).
                let registered = MerchantRegistered(
                    MerchantSummary(merchantID: UUID(uuidString: stranger)!, merchantVersion: 1, name: "新商家", status: .active, regions: [])
                )
                let delivered = try await CaseTimelineTests.deliver(
                    client,
                    [try CaseTimelineTests.envelope(registered, subject: "merchant", id: stranger, at: 1)]
                )
                #expect(delivered.status == .ok)
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(["merchantId": stranger])).status == .ok)

                // No merchant at all: registered, judged with "no merchant found", routed by Dispatch.
                let unrouted = try await client.call("CreateCase", IntakeRequests.createBody(["merchantId": NSNull()]))
                #expect(unrouted.status == .ok)
                #expect(unrouted.json["merchantId"] == nil)
                #expect(
                    try await harness.database.rows(
                        "SELECT (envelope->'data'->>'merchantId' IS NULL)::text FROM outbox_events WHERE type = 'case.registered' ORDER BY position DESC LIMIT 1"
                    )
                        == ["true"]
                )
            }
        }
    }

    /// The judgement is stamped with the policy version of the day; a later policy never rewrites it, and a
    /// claim the policy refuses is still registered, refused, with its rule ids.
    @Test func theStampedJudgementOutlivesAPolicyChange() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                // Bought 2026-03-01, asked 2026-03-10: past the 7-day return window (LT-05).
                let late = IntakeRequests.createBody(["requestedResolution": "return_and_refund", "itemCondition": Self.wholeItem])
                let refused = try await client.call("CreateCase", late)
                #expect(refused.status == .ok, "a refused claim is still registered")
                let caseID = try #require(refused.json["caseId"] as? String)
                let judgement = try #require(refused.json["judgement"] as? [String: Any])
                #expect(judgement["status"] as? String == "not_eligible" && judgement["policyVersion"] as? Int == 1)
                let reasons = judgement["reasons"] as? [[String: Any]] ?? []
                #expect(
                    reasons.contains { ($0["ruleIds"] as? [String])?.contains("LT-05") == true && $0["kind"] as? String == "window_closed" },
                    "\(reasons)"
                )
                #expect((judgement["eligibleAlternatives"] as? [String])?.contains("repair") == true)

                let admin = try await client.calling(as: .staff([.tenantAdmin]))
                #expect(try await admin.call("PutPolicy", try Self.policyBody(Self.generousLaptopPolicy)).json["version"] as? Int == 2)

                let kept = try await client.call("GetCase", ["caseId": caseID])
                #expect(NSDictionary(dictionary: kept.json["judgement"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: judgement))
                let judgedAnew = try await client.call(
                    "CreateCase",
                    IntakeRequests.createBody(["requestedResolution": "return_and_refund", "itemCondition": Self.wholeItem])
                )
                let anew = judgedAnew.json["judgement"] as? [String: Any]
                #expect(anew?["policyVersion"] as? Int == 2 && anew?["status"] as? String == "eligible")
                #expect((anew?["refundAmount"] as? [String: Any])?["amountMinor"] as? Int == 899_900)
                // The event carries the judgement to the other services.
                let carried = try await harness.database.rows(
                    "SELECT envelope->'data'->'judgement'->>'status' FROM outbox_events WHERE type = 'case.registered' ORDER BY position"
                )
                #expect(carried == ["not_eligible", "eligible"])
            }
        }
    }

    /// A policy put through another replica is not in this one's cache: the case is still judged under it
    /// (the recording statement finds the cached version stale and the case is judged again).
    @Test func aPolicyChangedElsewhereJudgesTheNextCase() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let first = try await client.call(
                    "CreateCase",
                    IntakeRequests.createBody(["requestedResolution": "return_and_refund", "itemCondition": Self.wholeItem])
                )
                #expect((first.json["judgement"] as? [String: Any])?["policyVersion"] as? Int == 1)
                var document = Self.generousLaptopPolicy
                document.version = 2
                let text = String(decoding: try JSONEncoder().encode(document), as: UTF8.self).replacingOccurrences(of: "'", with: "''")
                _ = try await harness.database.rows(
                    """
                    WITH v AS (INSERT INTO policy_versions (tenant_id, version, document, changed_by, changed_at)
                               VALUES ('\(TestTenants.a)', 2, '\(text)'::jsonb, 'replica-2', now()) RETURNING version)
                    SELECT version::text FROM v
                    """
                )
                let next = try await client.call(
                    "CreateCase",
                    IntakeRequests.createBody(["requestedResolution": "return_and_refund", "itemCondition": Self.wholeItem])
                )
                #expect(next.status == .ok, "\(next.json)")
                let judgement = next.json["judgement"] as? [String: Any]
                #expect(judgement?["policyVersion"] as? Int == 2 && judgement?["status"] as? String == "eligible")
            }
            #expect(try await harness.caseCount() == 2)
        }
    }

    @Test func thePricesCurrencyIsThePolicysAndAnUnprovisionedTenantRegistersNothing() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                let dollars = try await client.call("CreateCase", IntakeRequests.createBody(["pricePaid": ["currency": "USD", "amountMinor": 100]]))
                #expect(dollars.violatedFields == ["pricePaid.currency"])
                let stranger = try await client.calling(as: .clerk(TestTenants.unprovisioned))
                let refused = try await stranger.call("CreateCase", IntakeRequests.createBody())
                #expect(refused.json["code"] as? String == "failed_precondition" && refused.violatedFields == ["tenant"])
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    /// Customer service finds a customer's cases by the phone however it is typed, newest first, a page at a
    /// time; or an order's; never another tenant's; a merchant may not search.
    @Test func aCustomersCasesAreFoundByPhoneHoweverTyped() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                var ids: [String] = []
                for order in ["F-1", "F-2", "F-3"] {
                    ids.append(try #require(try await client.call("CreateCase", IntakeRequests.createBody(order: order)).json["caseId"] as? String))
                    try harness.clock.advance(by: 60)
                }
                let other = IntakeRequests.createBody(["customer": ["name": "李雷", "phone": "13600136000"]], order: "F-1")
                #expect(try await client.call("CreateCase", other).status == .conflict, "F-1 is open")
                let elsewhere = IntakeRequests.createBody(["customer": ["name": "李雷", "phone": "13600136000"]], order: "F-9")
                #expect(try await client.call("CreateCase", elsewhere).status == .ok)

                let cs = try await client.calling(as: .staff([.csAgent]))
                let first = try await cs.call("FindCases", ["customerPhone": "+86 (139) 1234-5678", "pageSize": 2])
                #expect(first.status == .ok, "\(first.json)")
                let cases = first.json["cases"] as? [[String: Any]] ?? []
                #expect(cases.map { $0["caseId"] as? String } == [ids[2], ids[1]], "newest first")
                #expect(cases.first?["judgementStatus"] as? String == "eligible" && cases.first?["customerName"] as? String == "王芳")
                let token = try #require(first.json["nextPageToken"] as? String)
                #expect(!token.contains("139") && !token.contains("5678"))
                let second = try await cs.call("FindCases", ["customerPhone": "0086 13912345678", "pageSize": 2, "pageToken": token])
                #expect((second.json["cases"] as? [[String: Any]])?.map { $0["caseId"] as? String } == [ids[0]])
                #expect(second.json["nextPageToken"] == nil)
                // A token of one search is not one of another.
                let mixed = try await cs.call("FindCases", ["customerPhone": "13600136000", "pageToken": token])
                #expect(mixed.violatedFields == ["pageToken"])
                let byOrder = try await cs.call("FindCases", ["orderNumber": " F-9 "])
                #expect((byOrder.json["cases"] as? [[String: Any]])?.count == 1)

                #expect(try await cs.call("FindCases", [:]).violatedFields == ["customerPhone", "orderNumber"])
                #expect(try await cs.call("FindCases", ["customerPhone": "12"]).violatedFields == ["customerPhone"])
                let merchant = try await client.calling(as: .merchant(IntakeRequests.merchant))
                #expect(try await merchant.call("FindCases", ["customerPhone": "13912345678"]).json["code"] as? String == "permission_denied")
                let tenantB = try await client.calling(as: .staff([.csAgent], of: TestTenants.b))
                #expect((try await tenantB.call("FindCases", ["customerPhone": "13912345678"]).json["cases"] as? [Any])?.isEmpty == true)
            }
        }
    }

    /// A merchant reads its own case with the customer's phone masked and without staff's notes; it cannot
    /// register, and another merchant's case does not exist for it. The storefront registers for its customer.
    @Test func aMerchantSeesItsCaseAsAMerchantMay() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.storefront])) { client in
                let created = try await client.call("CreateCase", IntakeRequests.createBody(["notes": "顾客情绪激动，优先处理", "channel": "storefront"]))
                #expect(created.status == .ok)
                let caseID = try #require(created.json["caseId"] as? String)
                let merchant = try await client.calling(as: .merchant(IntakeRequests.merchant))
                let seen = try await merchant.call("GetCase", ["caseId": caseID])
                #expect(seen.status == .ok)
                #expect((seen.json["customer"] as? [String: Any])?["phone"] as? String == "+86*******5678")
                #expect(seen.json["notes"] == nil)
                #expect(try await merchant.call("CreateCase", IntakeRequests.createBody()).json["code"] as? String == "permission_denied")
                let other = try await client.calling(as: .merchant(UUID.v7().wire))
                #expect(try await other.call("GetCase", ["caseId": caseID]).status == .notFound)
                let staff = try await client.calling(as: .staff([.csAgent])).call("GetCase", ["caseId": caseID])
                #expect(staff.json["notes"] as? String == "顾客情绪激动，优先处理")
            }
        }
    }
}

extension CaseTimelineTests {
    /// The envelope of `payload` about another kind of subject.
    static func envelope<P: EventPayload>(_ payload: P, subject kind: String, id: String, at seconds: Double) throws -> String {
        let envelope = EventEnvelope(
            id: .v7(),
            tenantID: TestTenants.a,
            subject: EventSubject(kind: kind, id: id),
            occurredAt: start.addingTimeInterval(seconds),
            producer: P.producer,
            data: payload
        )
        return String(decoding: try JSONEncoder().encode(envelope), as: UTF8.self)
    }
}
