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
                // The provider made a second, different payout for the refund, and lost the compensation's:
                // each is reported, and the ledger is left as it was.
                var extra = HTTPFields()
                extra[HTTPField.Name("Idempotency-Key")!] = "extra-\(UUID().uuidString)"
                let second: [String: Any] = ["amount": 12_000, "currency": "CNY", "reference": "\(shop.tenant.description)/\(paymentID)"]
                #expect(try await sandbox.request(.post, "/v1/payouts", body: second, headers: extra).status == .ok)
                let compensationID = try #require(compensation["paymentId"] as? String)
                _ = try await sandbox.database.rows("DELETE FROM transfers WHERE reference LIKE '%\(compensationID)' RETURNING id")
                try await platform.clock.advance(by: 60)  // a later sweep: what settled before it is compared
                let mended = try await platform.ok("returns", "ReconcilePayments", [:], as: Self.finance(shop))
                let kinds = Set((mended["discrepancies"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
                #expect(kinds == ["missing_in_ledger", "amount_mismatch", "status_mismatch", "missing_at_provider"], "\(mended)")
                #expect(mended["newDiscrepancies"] as? Int == 3)
                let untouched = try await Self.ledger(platform, shop, caseID)
                #expect(Self.payments(untouched).allSatisfy { $0["status"] as? String == "paid" })
                #expect((untouched["balance"] as? [String: Any])?["amountMinor"] as? Int == 0)

                // Entries are never edited: finance corrects the compensation (it should have been ¥7, SN-06) with
                // a new entry, paid out; a payout is not corrected; one against the customer stays on the balance.
                let booked = untouched["entries"] as? [[String: Any]] ?? []
                let compensationEntry = try #require(booked.first { $0["kind"] as? String == "compensation" }?["entryId"] as? String)
                let correction = try await platform.ok(
                    "returns",
                    "CorrectLedgerEntry",
                    ["entryId": compensationEntry, "amount": ["currency": "CNY", "amountMinor": 200], "note": "应按SN-06补偿7元"],
                    as: Self.finance(shop)
                )
                #expect((correction["entry"] as? [String: Any])?["corrects"] as? String == compensationEntry)
                #expect((correction["payment"] as? [String: Any])?["purpose"] as? String == "correction")
                let payoutEntry = try #require(booked.first { $0["kind"] as? String == "payout" }?["entryId"] as? String)
                let refusedCorrection = try await platform.call(
                    "returns",
                    "CorrectLedgerEntry",
                    ["entryId": payoutEntry, "amount": ["currency": "CNY", "amountMinor": 100], "note": "试图修改打款"],
                    as: Self.finance(shop)
                )
                #expect(refusedCorrection.status == .badRequest, "\(refusedCorrection.json)")
                try await platform.clock.drain()
                let corrected = try await Self.ledger(platform, shop, caseID)
                #expect(
                    (corrected["entries"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
                        == ["refund", "payout", "compensation", "payout", "correction", "payout"]
                )
                #expect((corrected["balance"] as? [String: Any])?["amountMinor"] as? Int == 0)
                let refundEntry = try #require(booked.first { $0["kind"] as? String == "refund" }?["entryId"] as? String)
                let against = try await platform.ok(
                    "returns",
                    "CorrectLedgerEntry",
                    ["entryId": refundEntry, "amount": ["currency": "CNY", "amountMinor": -100], "note": "多退了1元"],
                    as: Self.finance(shop)
                )
                #expect(against["payment"] == nil)
                let owed = try await Self.ledger(platform, shop, caseID)
                #expect((owed["balance"] as? [String: Any])?["amountMinor"] as? Int == -100, "the customer owes ¥1, for finance to settle")
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
                let answers = try await withThrowingTaskGroup(of: String.self) { group in
                    for n in 0..<10 {
                        group.addTask {
                            let answer = try await platform.call(
                                "returns",
                                "RetryPayment",
                                ["paymentId": failedPayment],
                                as: Self.finance(shop),
                                idempotencyKey: "retry-failed-\(n)"
                            )
                            return answer.status == .ok ? "ok" : (answer.json["code"] as? String ?? "\(answer.status.code)")
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                // Each is taken, or — once the new attempt has already paid (the timer worker may be that quick)
                // — refused as paid; never a second attempt (checked below at the provider).
                #expect(answers.contains("ok") && answers.allSatisfy { $0 == "ok" || $0 == "failed_precondition" }, "\(answers)")
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
