import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// The complete case through the running executables with the test clocks: a case under a Pinduoduo-style
/// policy is judged eligible, reaches `dispatched_to_merchant` through Dispatch carrying its judgement, and
/// goes overdue when its merchant stays silent for 48 hours; a case under a leather-goods policy, past its
/// one-month quality window, is registered as refused with its rule ids — and, naming no merchant, waits in
/// Dispatch's routing queue.
@Suite(.serialized) struct CompleteCaseSystemTests {
    static let services = ["intake", "dispatch"]
    static let operator_ = TestCaller(tenant: nil, roles: [.platformOperator], merchant: nil, subject: "ops-1")

    static func provision(_ platform: RunningPlatform, preset: String, name: String) async throws -> TenantID {
        let tenant = TenantID(UUID().uuidString.lowercased())!
        let answer = try await platform.call(
            "intake",
            "CreateTenant",
            ["tenantId": tenant.description, "preset": preset, "settings": ["name": name]],
            as: operator_
        )
        #expect(answer.status == .ok, "\(answer.json)")
        return tenant
    }

    static func judgement(_ answer: TestClient.Response) -> [String: Any] { answer.json["judgement"] as? [String: Any] ?? [:] }

    static func ruleIds(_ judgement: [String: Any]) -> Set<String> {
        Set((judgement["reasons"] as? [[String: Any]] ?? []).flatMap { $0["ruleIds"] as? [String] ?? [] })
    }

    @Test func aPinduoduoCaseReachesItsMerchantJudgedAndALateLeatherClaimIsRefused() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(RFC3339.date("2026-12-01T02:00:00Z")!)  // 10:00 in Shanghai
            let pdd = try await Self.provision(platform, preset: "pinduoduo_platform", name: "拼多多旗舰店")
            let leather = try await Self.provision(platform, preset: "leather_goods", name: "真皮手袋店")
            let adminP = TestCaller.staff([.tenantAdmin], of: pdd, subject: "admin-p")

            let merchant = try await platform.call(
                "dispatch",
                "CreateMerchant",
                ["name": "义乌小商品", "contacts": [["name": "陈店长", "phone": "13700137000"]], "regions": ["华东"]],
                as: adminP
            )
            let merchantID = try #require(merchant.json["merchantId"] as? String)
            try await platform.clock.drain()  // Intake learns the merchant from Dispatch's event

            // Shipped on 25 November, returned for a reason of the customer's own: within the 15-day validity.
            let returnBody = IntakeRequests.createBody(
                [
                    "channel": "online", "productName": "蓝牙耳机", "productModel": "T10", "productCategory": "headphones",
                    "pricePaid": ["currency": "CNY", "amountMinor": 5990], "purchaseDate": "2026-11-24", "shippedDate": "2026-11-25",
                    "issueKind": "non_quality", "reason": "不想要了", "requestedResolution": "return_and_refund", "merchantId": merchantID,
                    "flags": NSNull(),
                ],
                order: "PDD-20261124-88"
            )
            let registered = try await platform.call("intake", "CreateCase", returnBody, as: .clerk(pdd))
            #expect(registered.status == .ok, "\(registered.json)")
            let caseID = try #require(registered.json["caseId"] as? String)
            let judged = Self.judgement(registered)
            #expect(judged["policyId"] as? String == "pinduoduo_platform" && judged["status"] as? String == "eligible")
            #expect(Self.ruleIds(judged).isSuperset(of: ["PDD-03", "PDD-11"]), "\(judged)")
            #expect((judged["refundAmount"] as? [String: Any])?["amountMinor"] as? Int == 5990)

            try await platform.clock.drain()
            let dispatched = try await platform.call("intake", "GetCase", ["caseId": caseID], as: .clerk(pdd))
            #expect(dispatched.json["status"] as? String == "dispatched_to_merchant")
            // What Dispatch received carried the judgement (the envelope delivered, as its inbox keeps it).
            let carried = try await platform.databases["intake"]!.rows(
                """
                SELECT (e.envelope->'data'->'judgement'->>'status') || ' ' || d.status FROM outbox_events e
                JOIN event_deliveries d ON d.event_id = e.id AND d.subscriber = 'dispatch'
                WHERE e.type = 'case.registered' AND e.subject_id = '\(caseID)'
                """
            )
            #expect(carried == ["eligible delivered"], "\(carried)")
            #expect(
                try await platform.databases["dispatch"]!.rows("SELECT status FROM dispatch_cases WHERE case_id = '\(caseID)'") == [
                    "awaiting_acknowledgement"
                ]
            )

            // The merchant stays silent for 48 hours: the case goes overdue, on the clocks alone.
            try await platform.clock.advance(by: 48 * 3600)
            try await platform.clock.drain()
            let overdue = try await platform.call("intake", "GetCase", ["caseId": caseID], as: .clerk(pdd))
            #expect(overdue.json["status"] as? String == "merchant_response_overdue")
            #expect(Self.judgement(overdue)["policyVersion"] as? Int == 1, "the stamp stays")

            // Leather goods signed for on 15 October: the one-month quality guarantee closed on 15 November.
            let lateBody = IntakeRequests.createBody(
                [
                    "productName": "真皮手提包", "productModel": "LB-2026", "productCategory": "handbag",
                    "pricePaid": ["currency": "CNY", "amountMinor": 128_000], "purchaseDate": "2026-10-12", "signedForDate": "2026-10-15",
                    "issueKind": "quality_issue", "reason": "五金件脱落", "requestedResolution": "return_and_refund", "merchantId": NSNull(),
                    "flags": NSNull(), "evidence": [["url": "https://img.example.cn/lb/1.jpg", "sha256": String(repeating: "c", count: 64)]],
                ],
                order: "TB-1015-7"
            )
            let late = try await platform.call("intake", "CreateCase", lateBody, as: .clerk(leather))
            #expect(late.status == .ok, "a refused claim is still registered: \(late.json)")
            let lateID = try #require(late.json["caseId"] as? String)
            let refused = Self.judgement(late)
            #expect(refused["policyId"] as? String == "leather_goods" && refused["status"] as? String == "not_eligible")
            #expect(Self.ruleIds(refused).contains("LG-16"), "\(refused)")
            #expect((refused["reasons"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "window_closed" })
            #expect((refused["eligibleAlternatives"] as? [String]) == ["repair"], "LG-17: repaired for a quoted fee after the month")
            try await platform.clock.drain()
            let routing = try await platform.databases["dispatch"]!.rows(
                "SELECT case_id::text || ' ' || routing_reason FROM dispatch_cases WHERE status = 'awaiting_routing'"
            )
            #expect(routing == ["\(lateID) no_merchant"])
            #expect(try await platform.call("intake", "GetCase", ["caseId": lateID], as: .clerk(leather)).json["status"] as? String == "recorded")

            // Cancelled at Intake: it leaves the routing queue; a queued case leaves its merchant, deadline and all.
            let withdrawn = try await platform.call("intake", "CancelCase", ["caseId": lateID, "reason": "顾客改为自行修理"], as: .clerk(leather))
            #expect(withdrawn.json["status"] as? String == "cancelled")
            var second = returnBody
            second["orderNumber"] = "PDD-20261124-89"
            let queued = try #require(try await platform.call("intake", "CreateCase", second, as: .clerk(pdd)).json["caseId"] as? String)
            try await platform.clock.drain()
            #expect(try await platform.call("intake", "CancelCase", ["caseId": queued, "reason": "拍错了"], as: .clerk(pdd)).status == .ok)
            try await platform.clock.drain()
            #expect(
                try await platform.databases["dispatch"]!.rows("SELECT count(*)::text FROM dispatch_cases WHERE status = 'awaiting_routing'") == ["0"]
            )
            #expect(try await platform.databases["dispatch"]!.rows("SELECT status FROM dispatch_cases WHERE case_id = '\(queued)'") == ["withdrawn"])
            #expect(
                try await platform.databases["dispatch"]!.rows(
                    "SELECT count(*)::text FROM timers WHERE subject_id = '\(queued)' AND status = 'pending'"
                )
                    == ["0"],
                "the withdrawn case's deadline is cancelled"
            )
            let merchantToken = TestCaller.merchant(merchantID, of: pdd)
            let tooLate = try await platform.call("dispatch", "AcknowledgeCase", ["caseId": queued], as: merchantToken)
            #expect(tooLate.json["code"] as? String == "failed_precondition")
        }
    }
}
