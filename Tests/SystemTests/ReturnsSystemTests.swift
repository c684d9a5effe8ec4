import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Return requests across the running Intake, Dispatch and Returns with the test clocks (rules.md §3.1,
/// §5 T-01, T-03): a storefront's refund-only request on a dispatched case, the merchant silent, approved at
/// 48 h to the second and `refund.approved` on the case's timeline at Intake; a rejection answered by a
/// resubmission and then withdrawn; and a request opened from the merchant's agreement, approved from the
/// start.
@Suite(.serialized) struct ReturnsSystemTests {
    static let services = ["intake", "dispatch", "returns"]
    static let operator_ = TestCaller(tenant: nil, roles: [.platformOperator], merchant: nil, subject: "ops-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!  // 10:00 on 1 December in Shanghai

    struct Shop {
        let tenant: TenantID
        let merchant: String
        var admin: TestCaller { .staff([.tenantAdmin], of: tenant, subject: "admin-1") }
        var clerk: TestCaller { .clerk(tenant) }
        var asMerchant: TestCaller { .merchant(merchant, of: tenant) }
        func storefront(_ customer: String) -> TestCaller { .staff([.storefront], of: tenant, subject: customer) }
    }

    /// A Pinduoduo-style tenant with one online merchant, known to every service.
    static func shop(_ platform: RunningPlatform) async throws -> Shop {
        let tenant = TenantID(UUID().uuidString.lowercased())!
        let body: [String: Any] = ["tenantId": tenant.description, "preset": "pinduoduo_platform", "settings": ["name": "拼多多店"]]
        _ = try await platform.ok("intake", "CreateTenant", body, as: operator_)
        let admin = TestCaller.staff([.tenantAdmin], of: tenant, subject: "admin-1")
        let merchant: [String: Any] = [
            "name": "耳机旗舰店", "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"], "caseHandling": "online",
        ]
        let id = try #require(try await platform.ok("dispatch", "CreateMerchant", merchant, as: admin)["merchantId"] as? String)
        try await platform.clock.drain()
        return Shop(tenant: tenant, merchant: id)
    }

    /// A ¥129 pair of earphones shipped on 26 November, registered with the merchant and queued to it.
    static func register(_ platform: RunningPlatform, _ shop: Shop, asking resolution: String, order: String) async throws -> String {
        let fields: [String: Any] = [
            "productName": "蓝牙耳机", "productModel": "T10", "productCategory": "headphones", "purchaseDate": "2026-11-25",
            "groupBuySucceededDate": "2026-11-25", "shippedDate": "2026-11-26", "reason": "左耳无声", "requestedResolution": resolution,
            "pricePaid": ["currency": "CNY", "amountMinor": 12_900], "merchantId": shop.merchant,
        ]
        let body = IntakeRequests.createBody(fields, order: order)
        let caseID = try #require(try await platform.ok("intake", "CreateCase", body, as: shop.clerk)["caseId"] as? String)
        try await platform.clock.drain()
        return caseID
    }

    static func timeline(_ platform: RunningPlatform, _ shop: Shop, _ caseID: String) async throws -> (status: String?, types: [String]) {
        let read = try await platform.ok("intake", "GetCase", ["caseId": caseID], as: shop.clerk)
        let entries = try await platform.ok("intake", "GetCaseTimeline", ["caseId": caseID], as: shop.clerk)["entries"] as? [[String: Any]] ?? []
        return (read["status"] as? String, entries.compactMap { $0["type"] as? String })
    }

    @Test func aSilentMerchantsRefundIsApprovedAtFortyEightHoursAndTheCaseFollows() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(Self.start)
            let shop = try await Self.shop(platform)
            let caseID = try await Self.register(platform, shop, asking: "refund_only", order: "PDD-1125-1")
            #expect(try await Self.timeline(platform, shop, caseID).status == "dispatched_to_merchant")
            let customer = shop.storefront("pdd-customer-1")
            let filed: [String: Any] = [
                "caseId": caseID, "merchantId": shop.merchant, "type": "refund_only", "amount": ["currency": "CNY", "amountMinor": 12_900],
                "reason": "左耳无声，申请仅退款",
            ]
            let request = try await platform.ok("returns", "CreateReturnRequest", filed, as: customer)
            let id = try #require(request["returnRequestId"] as? String)
            #expect(request["status"] as? String == "requested" && request["dueAt"] as? String == "2026-12-03T02:00:00Z")
            #expect(request["source"] as? String == "storefront")
            // The merchant's partner API lists it as waiting, with its deadline.
            let waiting = try await platform.ok("returns", "ListReturnRequests", ["waitingOn": "merchant"], as: shop.asMerchant)
            #expect((waiting["returnRequests"] as? [[String: Any]])?.compactMap { $0["returnRequestId"] as? String } == [id])
            // Another customer of the storefront does not see it.
            let other = try await platform.call("returns", "GetReturnRequest", ["returnRequestId": id], as: shop.storefront("pdd-customer-2"))
            #expect(other.status == .notFound)

            try await platform.clock.advance(by: 48 * 3600 - 1)
            try await platform.clock.drain()
            let before = try await platform.ok("returns", "GetReturnRequest", ["returnRequestId": id], as: customer)
            #expect(before["status"] as? String == "requested", "not a second early")
            try await platform.clock.advance(by: 1)
            try await platform.clock.drain()
            let after = try await platform.ok("returns", "GetReturnRequest", ["returnRequestId": id], as: customer)
            #expect(after["status"] as? String == "refund_approved")
            let refund = after["refund"] as? [String: Any]
            #expect(refund?["decidedBy"] as? String == "timer" && refund?["ruleIds"] as? [String] == ["PDD-06", "T-01"])
            #expect((refund?["amount"] as? [String: Any])?["amountMinor"] as? Int == 12_900)

            let (status, types) = try await Self.timeline(platform, shop, caseID)
            #expect(types.contains("refund.approved"), "\(types)")
            #expect(types.filter { $0 == "returns.request_changed" }.count == 2, "submitted and timed out: \(types)")
            #expect(status == "in_resolution")
        }
    }

    @Test func aRejectionIsResubmittedAndWithdrawnAndAnAgreementOpensARequestApproved() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(Self.start)
            let shop = try await Self.shop(platform)

            // Rejected with a reason, resubmitted with more evidence (the 48 h again), then withdrawn.
            let disputed = try await Self.register(platform, shop, asking: "refund_only", order: "PDD-1125-2")
            let filed: [String: Any] = [
                "caseId": disputed, "merchantId": shop.merchant, "type": "refund_only", "amount": ["currency": "CNY", "amountMinor": 12_900],
                "reason": "左耳无声",
            ]
            let agent = TestCaller.staff([.csAgent], of: shop.tenant, subject: "cs-1")
            let id = try #require(try await platform.ok("returns", "CreateReturnRequest", filed, as: agent)["returnRequestId"] as? String)
            try await platform.clock.advance(by: 2 * 3600)
            let rejected = try await platform.ok(
                "returns",
                "RejectReturnRequest",
                ["returnRequestId": id, "reason": "耳机可正常使用"],
                as: shop.asMerchant
            )
            // Rejected at 12:00 on 1 December: the customer's 7 days end at 00:00 on 9 December.
            #expect(rejected["status"] as? String == "merchant_rejected" && rejected["dueAt"] as? String == "2026-12-08T16:00:00Z")
            try await platform.clock.advance(by: 86_400)
            let evidence = [["url": "https://files.example.com/v/1.mp4", "sha256": String(repeating: "cd", count: 32), "caption": "左耳无声视频"]]
            let resubmitted = try await platform.ok(
                "returns",
                "ResubmitReturnRequest",
                ["returnRequestId": id, "evidence": evidence],
                as: agent
            )
            #expect(resubmitted["status"] as? String == "requested" && resubmitted["dueAt"] as? String == "2026-12-04T04:00:00Z")
            let withdrawn = try await platform.ok("returns", "WithdrawReturnRequest", ["returnRequestId": id, "reason": "已换货"], as: agent)
            #expect(withdrawn["status"] as? String == "withdrawn")
            try await platform.clock.drain()
            let steps = try await platform.databases["returns"]!.rows(
                "SELECT envelope->'data'->>'step' FROM outbox_events WHERE type = 'returns.request_changed' ORDER BY occurred_at, id"
            )
            #expect(steps == ["submitted", "rejected", "resubmitted", "withdrawn"])
            #expect(try await Self.timeline(platform, shop, disputed).types.filter { $0 == "returns.request_changed" }.count == 4)

            // The merchant inspects and agrees the refund asked for: Returns opens the request approved.
            let agreedCase = try await Self.register(platform, shop, asking: "refund_only", order: "PDD-1125-3")
            _ = try await platform.ok("dispatch", "AcknowledgeCase", ["caseId": agreedCase], as: shop.asMerchant)
            let inspection: [String: Any] = ["caseId": agreedCase, "outcome": "fault_confirmed", "findings": "左耳单元损坏"]
            _ = try await platform.ok("dispatch", "RecordInspection", inspection, as: shop.asMerchant)
            let proposed = try await platform.ok(
                "dispatch",
                "ProposeResolution",
                ["caseId": agreedCase, "resolution": "refund_only"],
                as: shop.asMerchant
            )
            if proposed["status"] as? String == "resolution_proposed" {
                _ = try await platform.ok("dispatch", "AnswerProposal", ["caseId": agreedCase, "accept": true], as: agent)
            }
            try await platform.clock.drain()
            let opened = try await platform.ok("returns", "ListReturnRequests", ["caseId": agreedCase], as: agent)
            let request = try #require((opened["returnRequests"] as? [[String: Any]])?.first, "\(opened)")
            #expect(request["status"] as? String == "refund_approved" && request["source"] as? String == "merchant_agreement")
            #expect((request["refund"] as? [String: Any])?["decidedBy"] as? String == "merchant")
            let (status, types) = try await Self.timeline(platform, shop, agreedCase)
            #expect(types.contains("refund.approved") && status == "in_resolution", "\(status ?? "?") \(types)")
        }
    }
}
