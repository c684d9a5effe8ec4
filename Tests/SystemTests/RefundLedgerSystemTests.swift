import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The refund ledger through the running Intake, Dispatch and Returns and the real payment sandbox, with the
/// test clocks (rules.md §3.1, §3.10; DESIGN §6): a refund the merchant let run out is approved at 48 h, paid
/// once at the sandbox and the case resolved at Intake; duplicates, a compensation, refunds by day and
/// reconciliation's report; Returns killed before and after the provider call; a provider timeout and a
/// provider crash settled by reconciliation; a failed payout retried ten times at once.
@Suite(.serialized) struct RefundLedgerSystemTests {
    static let services = ["intake", "dispatch", "returns"]
    static let start = ReturnsSystemTests.start

    static func finance(_ shop: ReturnsSystemTests.Shop) -> TestCaller { .staff([.finance], of: shop.tenant, subject: "finance-1") }

    /// A refund-only request on a new ¥129 case, left unanswered until the merchant's 48 h run out (approved
    /// by the timer, T-01): returns the request and its case.
    static func approvedRefund(
        _ platform: RunningPlatform,
        _ shop: ReturnsSystemTests.Shop,
        order: String,
        drain: Bool = true
    ) async throws -> (
        request: String, caseID: String
    ) {
        let caseID = try await ReturnsSystemTests.register(platform, shop, asking: "refund_only", order: order)
        let filed: [String: Any] = [
            "caseId": caseID, "merchantId": shop.merchant, "type": "refund_only", "amount": ["currency": "CNY", "amountMinor": 12_900],
            "reason": "左耳无声，申请仅退款",
        ]
        let request = try await platform.ok("returns", "CreateReturnRequest", filed, as: shop.storefront("customer-\(order)"))
        let id = try #require(request["returnRequestId"] as? String)
        if drain {
            try await platform.clock.advance(by: 48 * 3600)
            try await platform.clock.drain()
        }
        return (id, caseID)
    }

    static func ledger(_ platform: RunningPlatform, _ shop: ReturnsSystemTests.Shop, _ caseID: String) async throws -> [String: Any] {
        try await platform.ok("returns", "GetCaseLedger", ["caseId": caseID], as: finance(shop))
    }

    static func payments(_ ledger: [String: Any]) -> [[String: Any]] { ledger["payments"] as? [[String: Any]] ?? [] }

    /// The sandbox's transfers for one payment (its reference is `<tenant>/<payment>`).
    static func transfers(
        _ sandbox: PaymentSandboxProcess,
        _ shop: ReturnsSystemTests.Shop,
        payment: String,
        kind: String = "payouts"
    ) async throws
        -> [[String: Any]]
    {
        try await sandbox.transfers(kind, referencePrefix: "\(shop.tenant.description)/\(payment)")
    }

    @Test func anAutoApprovedRefundIsPaidOnceTheCaseResolvedAndTheBooksAddUp() async throws {
        try await PaymentSandboxProcess.with { sandbox in
            try await RunningPlatform.with(Self.services, extra: ["returns": sandbox.returnsSettings()]) { platform in
                try await platform.clock.set(Self.start)
                let shop = try await ReturnsSystemTests.shop(platform)
                let (id, caseID) = try await Self.approvedRefund(platform, shop, order: "PDD-LEDGER-1")

                let request = try await platform.ok("returns", "GetReturnRequest", ["returnRequestId": id], as: shop.admin)
                #expect(request["status"] as? String == "refunded", "\(request["history"] ?? "")")
                let ledger = try await Self.ledger(platform, shop, caseID)
                let entries = ledger["entries"] as? [[String: Any]] ?? []
                #expect(entries.compactMap { $0["kind"] as? String } == ["refund", "payout"])
                #expect(entries.compactMap { ($0["amount"] as? [String: Any])?["amountMinor"] as? Int } == [12_900, -12_900])
                #expect((ledger["balance"] as? [String: Any])?["amountMinor"] as? Int == 0)
                let payment = try #require(Self.payments(ledger).first)
                let paymentID = try #require(payment["paymentId"] as? String)
                #expect(payment["status"] as? String == "paid" && payment["purpose"] as? String == "refund")
                let made = try await Self.transfers(sandbox, shop, payment: paymentID)
                #expect(made.count == 1 && made.first?["amount"] as? Int == 12_900 && made.first?["status"] as? String == "succeeded")
                #expect(payment["providerReference"] as? String == made.first?["id"] as? String)

                // Intake resolves the case on refund.paid.
                let (status, types) = try await ReturnsSystemTests.timeline(platform, shop, caseID)
                #expect(status == "resolved" && types.contains("refund.paid"), "\(String(describing: status)) \(types)")

                // Ten finance clerks retry the paid payout at once: none pays again.
                let retries = try await withThrowingTaskGroup(of: Int.self) { group in
                    for n in 0..<10 {
                        group.addTask {
                            let answer = try await platform.call(
                                "returns",
                                "RetryPayment",
                                ["paymentId": paymentID],
                                as: Self.finance(shop),
                                idempotencyKey: "retry-\(n)"
                            )
                            return Int(answer.status.code)
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(retries.allSatisfy { $0 == 400 }, "failed_precondition for every retry of a paid payout: \(retries)")
                // Ten concurrent calls with one key at the provider make one transfer.
                let key = "dup-\(UUID().uuidString)"
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            var headers = HTTPFields()
                            headers[HTTPField.Name("Idempotency-Key")!] = key
                            let body: [String: Any] = ["amount": 700, "currency": "CNY", "reference": "stray/\(key)"]
                            let answer = try await sandbox.request(.post, "/v1/payouts", body: body, headers: headers)
                            #expect(answer.status == .ok)
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await sandbox.transfers(referencePrefix: "stray/\(key)").count == 1)
                try await platform.clock.drain()
                #expect(try await Self.transfers(sandbox, shop, payment: paymentID).count == 1)

                // A small compensation (SN-05: ¥3 + ¥2 cashback), paid by a payout of its own.
                let compensation = try await platform.ok(
                    "returns",
                    "GrantCompensation",
                    ["caseId": caseID, "amount": ["currency": "CNY", "amountMinor": 500], "ruleIds": ["SN-05"], "note": "包装胀袋，补偿3元+好评返现2元"],
                    as: .staff([.csAgent], of: shop.tenant, subject: "cs-1")
                )
                #expect(compensation["status"] as? String == "waiting")
                try await platform.clock.drain()
                let after = try await Self.ledger(platform, shop, caseID)
                #expect(
                    (after["entries"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } == [
                        "refund", "payout", "compensation", "payout",
                    ]
                )
                #expect(Self.payments(after).allSatisfy { $0["status"] as? String == "paid" })
                let (stillResolved, laterTypes) = try await ReturnsSystemTests.timeline(platform, shop, caseID)
                #expect(stillResolved == "resolved" && laterTypes.filter { $0 == "refund.paid" }.count == 2, "\(laterTypes)")
                // Refunds by day and merchant (2026-12-03 in Shanghai, when the 48 h ran out).
                let totals = try await platform.ok("returns", "RefundTotals", ["from": "2026-12-01", "to": "2026-12-31"], as: Self.finance(shop))
                let rows = totals["rows"] as? [[String: Any]] ?? []
                let summary = rows.map {
                    "\($0["day"] ?? "") \($0["purpose"] ?? "") \($0["payouts"] ?? "") \((($0["amount"] as? [String: Any])?["amountMinor"]) ?? "")"
                }
                #expect(summary == ["2026-12-03 compensation 1 500", "2026-12-03 refund 1 12900"], "\(summary)")
                #expect(rows.allSatisfy { $0["merchantId"] as? String == shop.merchant })

                // Reconciliation agrees; a payout the provider holds for the tenant that the ledger never made is
                // reported, once, and nothing is changed.
                let clean = try await platform.ok("returns", "ReconcilePayments", [:], as: Self.finance(shop))
                #expect(clean["newDiscrepancies"] as? Int == 0 && clean["paymentsCompared"] as? Int == 2, "\(clean)")
                var headers = HTTPFields()
                headers[HTTPField.Name("Idempotency-Key")!] = "stray-\(UUID().uuidString)"
                let strayBody: [String: Any] = [
                    "amount": 900, "currency": "CNY", "reference": "\(shop.tenant.description)/\(UUID().uuidString.lowercased())",
                ]
                #expect(try await sandbox.request(.post, "/v1/payouts", body: strayBody, headers: headers).status == .ok)
                let found = try await platform.ok("returns", "ReconcilePayments", [:], as: Self.finance(shop))
                #expect(found["newDiscrepancies"] as? Int == 1)
                #expect((found["discrepancies"] as? [[String: Any]])?.first?["kind"] as? String == "missing_in_ledger")
                let again = try await platform.ok("returns", "ReconcilePayments", [:], as: Self.finance(shop))
                #expect(again["newDiscrepancies"] as? Int == 0 && (again["discrepancies"] as? [Any])?.count == 1)
                let merchantCall = try await platform.call("returns", "GetCaseLedger", ["caseId": caseID], as: shop.asMerchant)
                #expect(merchantCall.status == .forbidden, "the ledger is finance's and staff's")
            }
        }
    }

    @Test func returnsKilledBeforeAndAfterTheProviderCallPaysExactlyOnce() async throws {
        try await PaymentSandboxProcess.with { sandbox in
            let settings = sandbox.returnsSettings()
            var extra = settings
            extra["TEST_FAULT_POINTS"] = "payment_before_call"
            try await RunningPlatform.with(Self.services, extra: ["returns": extra]) { platform in
                try await platform.clock.set(Self.start)
                let shop = try await ReturnsSystemTests.shop(platform)
                var current = platform
                for (order, point) in [("PDD-KILL-1", "payment_before_call"), ("PDD-KILL-2", "payment_after_call")] {
                    if point == "payment_after_call" {
                        // Returns restarted with the second fault armed.
                        if let running = current.processes.first(where: { $0.service == "returns" }) { kill(running.pid, SIGKILL) }
                        _ = try await current.exitStatus(of: "returns")
                        current = try current.starting("returns", extra: settings.merging(["TEST_FAULT_POINTS": point]) { _, new in new })
                        if let process = current.processes.last { try await RunningPlatform.waitUntilReady(process) }
                        try await current.clock.align()
                    }
                    let (id, caseID) = try await Self.approvedRefund(current, shop, order: order, drain: false)
                    let dueAt = try await current.clock.now(of: "returns").addingTimeInterval(48 * 3600)
                    _ = try? await current.clock.advance(by: 48 * 3600)
                    _ = try? await current.clock.drain()
                    #expect(try await current.exitStatus(of: "returns") == 128 + SIGKILL, "returns should die at \(point)")
                    // Killed before the call: nothing reached the provider for this refund; after: it did (the
                    // first refund's payout is there too).
                    let atDeath = try await sandbox.transfers(referencePrefix: "\(shop.tenant.description)/").count
                    #expect(atDeath == (point == "payment_before_call" ? 0 : 2), "\(point): transfers when it died")

                    current = try current.starting("returns", extra: settings)
                    if let process = current.processes.last { try await RunningPlatform.waitUntilReady(process) }
                    try await PlatformClock(ports: ["returns": current.port("returns")]).set(dueAt)
                    try await current.clock.align()
                    try await current.clock.drain()

                    let request = try await current.ok("returns", "GetReturnRequest", ["returnRequestId": id], as: shop.admin)
                    #expect(request["status"] as? String == "refunded", "\(point): \(request["status"] ?? "")")
                    let payment = try #require(Self.payments(try await Self.ledger(current, shop, caseID)).first)
                    let made = try await Self.transfers(sandbox, shop, payment: payment["paymentId"] as? String ?? "")
                    #expect(made.count == 1, "\(point): exactly one payout, found \(made.count)")
                    #expect(payment["status"] as? String == "paid" && payment["attempt"] as? Int == 1)
                    let (status, _) = try await ReturnsSystemTests.timeline(current, shop, caseID)
                    #expect(status == "resolved")
                }
            }
        }
    }

    @Test func aTimeoutACrashedProviderAndAFailedPayoutAreSettledOnce() async throws {
        try await PaymentSandboxProcess.with { sandbox in
            try await RunningPlatform.with(Self.services, extra: ["returns": sandbox.returnsSettings()]) { platform in
                try await platform.clock.set(Self.start)
                let shop = try await ReturnsSystemTests.shop(platform)

                // The provider records the payout and answers after 8 s; Returns gives up at 1.5 s.
                try await sandbox.arm("timeout")
                let (slow, slowCase) = try await Self.approvedRefund(platform, shop, order: "PDD-SLOW-1")
                var payment = try #require(Self.payments(try await Self.ledger(platform, shop, slowCase)).first)
                let slowPayment = payment["paymentId"] as? String ?? ""
                #expect(payment["status"] as? String == "uncertain")
                let open = try await platform.ok("returns", "ListPayments", [:], as: Self.finance(shop))
                #expect((open["payments"] as? [[String: Any]])?.compactMap { $0["paymentId"] as? String } == [slowPayment])
                #expect(try await Self.transfers(sandbox, shop, payment: slowPayment).count == 1, "the provider made it")
                try await platform.clock.advance(by: 60)
                try await platform.clock.drain()
                payment = try #require(Self.payments(try await Self.ledger(platform, shop, slowCase)).first)
                #expect(payment["status"] as? String == "paid", "settled by looking the key up")
                #expect(try await Self.transfers(sandbox, shop, payment: slowPayment).count == 1, "and not paid twice")
                let slowRequest = try await platform.ok("returns", "GetReturnRequest", ["returnRequestId": slow], as: shop.admin)
                #expect(slowRequest["status"] as? String == "refunded")

                // The provider dies in the middle of the call (after recording it): uncertain while it is down,
                // settled once it is back.
                try await sandbox.arm("crash")
                let (_, crashCase) = try await Self.approvedRefund(platform, shop, order: "PDD-CRASH-1")
                #expect(try await sandbox.exited())
                payment = try #require(Self.payments(try await Self.ledger(platform, shop, crashCase)).first)
                #expect(payment["status"] as? String == "uncertain")
                try await platform.clock.advance(by: 60)
                try await platform.clock.drain()
                payment = try #require(Self.payments(try await Self.ledger(platform, shop, crashCase)).first)
                #expect(payment["status"] as? String == "uncertain", "still unknown while the provider is down")
                try await sandbox.start()
                try await platform.clock.advance(by: 60)
                try await platform.clock.drain()
                payment = try #require(Self.payments(try await Self.ledger(platform, shop, crashCase)).first)
                #expect(payment["status"] as? String == "paid")
                #expect(try await Self.transfers(sandbox, shop, payment: payment["paymentId"] as? String ?? "").count == 1)

                // A payout the provider refuses (account closed) fails; ten finance clerks retry it at once:
                // one new attempt, one payout.
                try await sandbox.arm("fail")
                let (_, failedCase) = try await Self.approvedRefund(platform, shop, order: "PDD-FAIL-1")
                payment = try #require(Self.payments(try await Self.ledger(platform, shop, failedCase)).first)
                let failedPayment = payment["paymentId"] as? String ?? ""
                #expect(payment["status"] as? String == "failed" && payment["failure"] as? String == "account_closed")
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for n in 0..<10 {
                        group.addTask {
                            let answer = try await platform.call(
                                "returns",
                                "RetryPayment",
                                ["paymentId": failedPayment],
                                as: Self.finance(shop),
                                idempotencyKey: "retry-failed-\(n)"
                            )
                            return Int(answer.status.code)
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
                try await platform.clock.drain()
                payment = try #require(Self.payments(try await Self.ledger(platform, shop, failedCase)).first)
                #expect(payment["status"] as? String == "paid" && payment["attempt"] as? Int == 2, "\(payment)")
                let made = try await Self.transfers(sandbox, shop, payment: failedPayment)
                #expect(made.filter { $0["status"] as? String == "succeeded" }.count == 1, "\(made)")
                #expect(made.count == 2, "the failed attempt and the one that paid")
                let reconciled = try await platform.ok("returns", "ReconcilePayments", [:], as: Self.finance(shop))
                #expect(reconciled["newDiscrepancies"] as? Int == 0, "\(reconciled)")
            }
        }
    }
}

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

    /// An exchange filed, approved, shipped back and received: `replacement_due`.
    static func received(_ platform: RunningPlatform, _ shop: ReturnsSystemTests.Shop, _ caseID: String) async throws -> String {
        let agent = TestCaller.staff([.csAgent], of: shop.tenant, subject: "cs-1")
        let id = try #require(
            try await platform.ok("returns", "CreateReturnRequest", Self.exchangeRequest(caseID, shop), as: agent)["returnRequestId"] as? String
        )
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
                let settled = try await platform.ok("returns", "SettleExchange", settle, as: shop.asMerchant)
                #expect(settled["status"] as? String == "awaiting_payment")
                #expect((settled["priceDifference"] as? [String: Any])?["amountMinor"] as? Int == -10_000)
                let twice = try await platform.call("returns", "SettleExchange", settle, as: shop.asMerchant)
                #expect(twice.status == .conflict, "settled once: \(twice.json)")
                let ship: [String: Any] = ["returnRequestId": dear, "carrier": "顺丰", "trackingNumber": "SF900800700"]
                let early = try await platform.call("returns", "ShipReplacement", ship, as: shop.asMerchant)
                #expect(early.status == .badRequest && (early.json["message"] as? String ?? "").contains("not yet collected"), "\(early.json)")
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
                #expect(charges.count == 1 && charges.first?["amount"] as? Int == 10_000)
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

                // Cheaper: ¥499 for the ¥599 paid — ready to ship at once, ¥100 paid back (refund.paid).
                let cheapCase = try await Self.register(platform, shop, order: "TB-2041-9", line: "1")
                let cheap = try await Self.received(platform, shop, cheapCase)
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
