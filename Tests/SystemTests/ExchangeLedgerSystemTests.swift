import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Exchanges through the running services under a leather-goods policy (LG-07, LG-14): a replacement that
/// costs more is charged at the sandbox before it may ship; one that costs less has the difference paid back;
/// a second return or exchange on the same order is refused.
@Suite(.serialized) struct ExchangeLedgerSystemTests {
    static let services = RefundLedgerSystemTests.services
    static let operator_ = TestCaller(tenant: nil, roles: [.platformOperator], merchant: nil, subject: "ops-1")

    static func leatherShop(_ platform: RunningPlatform) async throws -> ReturnsSystemTests.Shop {
        let tenant = TenantID(UUID().uuidString.lowercased())!
        let body: [String: Any] = ["tenantId": tenant.description, "preset": "leather_goods", "settings": ["name": "真皮手袋店"]]
        _ = try await platform.ok("intake", "CreateTenant", body, as: operator_)
        let admin = TestCaller.staff([.tenantAdmin], of: tenant, subject: "admin-1")
        let merchant: [String: Any] = [
            "name": "皮具工厂店", "contacts": [["name": "李经理", "phone": "13900139000"]], "regions": ["华东"], "caseHandling": "online",
        ]
        let id = try #require(try await platform.ok("dispatch", "CreateMerchant", merchant, as: admin)["merchantId"] as? String)
        try await platform.clock.drain()
        return ReturnsSystemTests.Shop(tenant: tenant, merchant: id)
    }

    /// A ¥599 handbag delivered on 28 November with a quality problem, line `line` of `order`, asking an exchange.
    static func register(_ platform: RunningPlatform, _ shop: ReturnsSystemTests.Shop, order: String, line: String) async throws -> String {
        let fields: [String: Any] = [
            "productName": "真皮手提包", "productModel": "LB-2041", "productCategory": "handbag", "purchaseDate": "2026-11-26",
            "deliveryDate": "2026-11-28", "signedForDate": "2026-11-28", "issueKind": "quality_issue", "reason": "拉链断裂",
            "requestedResolution": "exchange", "pricePaid": ["currency": "CNY", "amountMinor": 59_900], "merchantId": shop.merchant,
            "orderLine": line, "itemCondition": ["accessoriesComplete": true, "packagingIntact": true, "receiptPresent": true],
            "flags": NSNull(),
        ]
        let answer = try await platform.call("intake", "CreateCase", IntakeRequests.createBody(fields, order: order), as: shop.clerk)
        #expect(answer.status == .ok, "\(answer.json)")
        #expect((answer.json["judgement"] as? [String: Any])?["status"] as? String == "eligible", "\(answer.json["judgement"] ?? "")")
        try await platform.clock.drain()
        return try #require(answer.json["caseId"] as? String)
    }

    static func exchangeRequest(_ caseID: String, _ shop: ReturnsSystemTests.Shop) -> [String: Any] {
        [
            "caseId": caseID, "merchantId": shop.merchant, "type": "exchange", "amount": ["currency": "CNY", "amountMinor": 0],
            "reason": "拉链断裂，换一个",
        ]
    }

    /// An exchange filed, approved, shipped back and received: `replacement_due`. With `line`, a return on that
    /// line of the same order is tried while the exchange is pending, and refused (LG-14).
    static func received(
        _ platform: RunningPlatform,
        _ shop: ReturnsSystemTests.Shop,
        _ caseID: String,
        checkingOrderLine line: String? = nil
    )
        async throws -> String
    {
        let agent = TestCaller.staff([.csAgent], of: shop.tenant, subject: "cs-1")
        let filed = try await platform.ok("returns", "CreateReturnRequest", Self.exchangeRequest(caseID, shop), as: agent)
        let id = try #require(filed["returnRequestId"] as? String)
        if let line {
            let read = try await platform.ok("intake", "GetCase", ["caseId": caseID], as: shop.clerk)
            let other = try await Self.register(platform, shop, order: read["orderNumber"] as? String ?? "", line: line)
            var ret = Self.exchangeRequest(other, shop)
            ret["type"] = "return_and_refund"
            ret["amount"] = ["currency": "CNY", "amountMinor": 59_900]
            let refused = try await platform.call("returns", "CreateReturnRequest", ret, as: agent)
            #expect(refused.status == .badRequest && (refused.json["message"] as? String ?? "").contains("LG-14"), "\(refused.json)")
        }
        _ = try await platform.ok("returns", "ApproveReturnRequest", ["returnRequestId": id], as: shop.asMerchant)
        _ = try await platform.ok("returns", "ShipReturn", ["returnRequestId": id, "carrier": "顺丰", "trackingNumber": "SF100200300"], as: agent)
        let received = try await platform.ok("returns", "ConfirmReturnReceipt", ["returnRequestId": id, "acceptable": true], as: shop.asMerchant)
        #expect(received["status"] as? String == "replacement_due")
        return id
    }

    @Test func aDearerReplacementIsChargedBeforeItShipsACheaperOnePaidBackAndOneExchangePerOrder() async throws {
        try await PaymentSandboxProcess.with { sandbox in
            try await RunningPlatform.with(Self.services, extra: ["returns": sandbox.returnsSettings()]) { platform in
                try await platform.clock.set(ReturnsSystemTests.start)
                let shop = try await Self.leatherShop(platform)

                // Dearer: ¥699 for the ¥599 paid — ¥100 charged before the replacement may ship.
                let dearCase = try await Self.register(platform, shop, order: "TB-2041-1", line: "1")
                let dear = try await Self.received(platform, shop, dearCase)
                let settle: [String: Any] = [
                    "returnRequestId": dear, "replacement": ["name": "真皮手提包 棕色", "model": "LB-2041-BR"],
                    "replacementPrice": ["currency": "CNY", "amountMinor": 69_900],
                ]
                // The customer's first payment of the difference is declined: the replacement may not ship.
                try await sandbox.arm("fail")
                let settled = try await platform.ok("returns", "SettleExchange", settle, as: shop.asMerchant)
                #expect(settled["status"] as? String == "awaiting_payment")
                #expect((settled["priceDifference"] as? [String: Any])?["amountMinor"] as? Int == -10_000)
                let twice = try await platform.call("returns", "SettleExchange", settle, as: shop.asMerchant)
                #expect(twice.status == .conflict, "settled once: \(twice.json)")
                let ship: [String: Any] = ["returnRequestId": dear, "carrier": "顺丰", "trackingNumber": "SF900800700"]
                let early = try await platform.call("returns", "ShipReplacement", ship, as: shop.asMerchant)
                #expect(early.status == .badRequest && (early.json["message"] as? String ?? "").contains("not yet collected"), "\(early.json)")
                try await platform.clock.drain()
                let declined = try await RefundLedgerSystemTests.ledger(platform, shop, dearCase)
                let failedCharge = try #require(RefundLedgerSystemTests.payments(declined).first)
                #expect(failedCharge["status"] as? String == "failed" && failedCharge["failure"] as? String == "card_declined")
                let stillEarly = try await platform.call("returns", "ShipReplacement", ship, as: shop.asMerchant)
                #expect(stillEarly.status == .badRequest, "\(stillEarly.json)")
                // Charged again, and collected.
                _ = try await platform.ok(
                    "returns",
                    "RetryPayment",
                    ["paymentId": failedCharge["paymentId"] ?? ""],
                    as: RefundLedgerSystemTests.finance(shop)
                )
                try await platform.clock.drain()
                let ledger = try await RefundLedgerSystemTests.ledger(platform, shop, dearCase)
                let charge = try #require(RefundLedgerSystemTests.payments(ledger).first)
                #expect(charge["direction"] as? String == "charge" && charge["status"] as? String == "paid")
                #expect((ledger["entries"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } == ["price_difference", "charge"])
                #expect((ledger["balance"] as? [String: Any])?["amountMinor"] as? Int == 0)
                let charges = try await RefundLedgerSystemTests.transfers(
                    sandbox,
                    shop,
                    payment: charge["paymentId"] as? String ?? "",
                    kind: "charges"
                )
                // The declined first attempt and the one that collected: one charge of ¥100 went through.
                #expect(charges.compactMap { $0["status"] as? String }.sorted() == ["failed", "succeeded"], "\(charges)")
                #expect(charges.allSatisfy { $0["amount"] as? Int == 10_000 })
                let shipped = try await platform.ok("returns", "ShipReplacement", ship, as: shop.asMerchant)
                #expect(
                    shipped["status"] as? String == "shipped"
                        && (shipped["shipment"] as? [String: Any])?["trackingNumber"] as? String == "SF900800700"
                )

                // LG-14: another line of the same order may not be returned or exchanged again.
                let second = try await Self.register(platform, shop, order: "TB-2041-1", line: "2")
                let refused = try await platform.call(
                    "returns",
                    "CreateReturnRequest",
                    Self.exchangeRequest(second, shop),
                    as: .staff([.csAgent], of: shop.tenant, subject: "cs-1")
                )
                #expect(refused.status == .badRequest && (refused.json["message"] as? String ?? "").contains("LG-14"), "\(refused.json)")

                // Cheaper: ¥499 for the ¥599 paid — ready to ship at once, ¥100 paid back (refund.paid). While its
                // exchange is still going, another line of the order may not be returned either (LG-14).
                let cheapCase = try await Self.register(platform, shop, order: "TB-2041-9", line: "1")
                let cheap = try await Self.received(platform, shop, cheapCase, checkingOrderLine: "2")
                var cheaper = settle
                cheaper["returnRequestId"] = cheap
                cheaper["replacementPrice"] = ["currency": "CNY", "amountMinor": 49_900]
                let refunded = try await platform.ok("returns", "SettleExchange", cheaper, as: .staff([.csAgent], of: shop.tenant, subject: "cs-1"))
                #expect(refunded["status"] as? String == "ready_to_ship")
                try await platform.clock.drain()
                let cheapLedger = try await RefundLedgerSystemTests.ledger(platform, shop, cheapCase)
                let payout = try #require(RefundLedgerSystemTests.payments(cheapLedger).first)
                #expect(payout["direction"] as? String == "payout" && payout["purpose"] as? String == "price_difference")
                #expect(payout["status"] as? String == "paid" && (payout["amount"] as? [String: Any])?["amountMinor"] as? Int == 10_000)
                let (_, types) = try await ReturnsSystemTests.timeline(platform, shop, cheapCase)
                #expect(types.contains("refund.paid"), "\(types)")
            }
        }
    }
}
