import Foundation
import Models
import ReturnsService
import Testing

/// The refund ledger's arithmetic without I/O, against amounts computed by hand (rules.md §3.3, §3.5, §3.9,
/// §3.10): depreciation as the stamped policy computed it, DS-08's double refund, the return leg's postage by
/// the shipping rule, an exchange's price difference both ways, and the once-per-order rule (LG-14).
@Suite struct RefundLedgerTests {
    static let caseID = UUID()
    static let merchant = UUID()

    /// 10:00 in Shanghai on `day`.
    static func at(_ day: String) -> Date { RFC3339.date("\(day)T02:00:00Z")! }

    static func judged(_ policy: PolicyDocument, _ facts: CaseFacts, on day: String, asking resolution: Resolution) -> CaseJudgement {
        CaseJudgement(PolicyEngine.evaluate(facts: facts, policy: policy, calendar: BusinessCalendar(), now: at(day)), requested: resolution)
    }

    /// Shoes under the department store's 三包, sold on `sale` for `price`, with `flags`.
    static func shoes(_ price: Money, sale: String, _ flags: FactFlag...) -> CaseFacts {
        CaseFacts(
            pricePaid: price,
            line: OrderLine(category: "shoes_leather"),
            dates: CaseDates(sale: LocalDate(iso: sale)!),
            flags: [.hasThreeGuaranteesCard, .hasInvoice] + flags
        )
    }

    static func decide(_ type: ReturnType, asking amount: Money, _ judgement: CaseJudgement?) -> RefundDecision {
        RefundDecision.decide(
            ReturnApplication(caseID: caseID, merchantID: merchant, type: type, amount: amount, reason: "鞋底断裂"),
            granted: nil,
            decidedBy: .merchant,
            ruleIds: [],
            withoutReturn: false,
            judgement: judgement,
            at: at("2026-03-20")
        )
    }

    /// DS-07: 0.5 % a day from the sale date; day 1 is the day after the sale (rules.md §8 item 14, the
    /// preset's default), counted to the day the case was judged; each deduction rounded half up to the fen.
    @Test func depreciationIsDeductedAsThePolicyComputedItRoundedToTheFen() throws {
        // ¥300.00 sold on 10 March, judged on 20 March: 10 days × 0.5 % = 5 % → ¥15.00; ¥285.00 paid.
        let judgement = Self.judged(
            PolicyPresets.departmentStore(),
            Self.shoes(.cny(300), sale: "2026-03-10", .soleBroken),
            on: "2026-03-20",
            asking: .returnAndRefund
        )
        let decision = Self.decide(.returnAndRefund, asking: .cny(300), judgement)
        let lines = try RefundLedger.lines(for: decision, type: .returnAndRefund, pricePaid: .cny(300), judgement: judgement, postage: nil)
        #expect(lines.map(\.kind) == [.refund, .deduction])
        #expect(lines[0].amount == .cny(300) && lines[1].amount == Money(currency: "CNY", amountMinor: -1_500))
        #expect(lines[1].ruleIds.contains("DS-07"), "\(lines[1].ruleIds)")
        #expect(RefundLedger.total(lines, currency: "CNY") == .cny(285))
        // ¥129.99 sold on 13 March, judged on 20 March: 12,999 fen × 0.5 % × 7 = 454.965 fen → 455 (¥4.55); ¥125.44 paid.
        let odd = Self.judged(
            PolicyPresets.departmentStore(),
            Self.shoes(.cny(129, fen: 99), sale: "2026-03-13", .soleBroken),
            on: "2026-03-20",
            asking: .returnAndRefund
        )
        let oddLines = try RefundLedger.lines(
            for: Self.decide(.returnAndRefund, asking: .cny(129, fen: 99), odd),
            type: .returnAndRefund,
            pricePaid: .cny(129, fen: 99),
            judgement: odd,
            postage: nil
        )
        #expect(oddLines.first { $0.kind == .deduction }?.amount.amountMinor == -455)
        #expect(RefundLedger.total(oddLines, currency: "CNY") == .cny(125, fen: 44))
    }

    /// DS-08: counterfeit shoes are refunded twice the price — the part beyond the price is an entry of its own
    /// with its rule; without a stamped rule nothing beyond the price is paid.
    @Test func aDoubleRefundNeedsItsRuleAndNothingElseIsPaidBeyondThePrice() throws {
        let judgement = Self.judged(
            PolicyPresets.departmentStore(),
            Self.shoes(.cny(300), sale: "2026-03-10", .counterfeit),
            on: "2026-03-20",
            asking: .returnAndRefund
        )
        #expect(judgement.refundAmount == .cny(600))
        let decision = Self.decide(.returnAndRefund, asking: .cny(600), judgement)
        let lines = try RefundLedger.lines(for: decision, type: .returnAndRefund, pricePaid: .cny(300), judgement: judgement, postage: nil)
        #expect(lines.map(\.kind) == [.refund, .refundOverPrice])
        #expect(lines.map(\.amount) == [.cny(300), .cny(300)])
        #expect(lines[1].ruleIds.contains("DS-08"), "\(lines[1].ruleIds)")
        // Without a stamped rule nothing beyond the price is paid — neither without a judgement nor with one
        // whose payout is the price (a Pinduoduo-style refund of the ¥300 paid): the refund line says so.
        let pinduoduo = Self.judged(
            PolicyPresets.pinduoduo(),
            Self.shoes(.cny(300), sale: "2026-03-10", .qualityIssue, .shipped),
            on: "2026-03-12",
            asking: .refundOnly
        )
        for stamped in [nil, pinduoduo] {
            let capped = try RefundLedger.lines(
                for: Self.decide(.refundOnly, asking: .cny(400), stamped),
                type: .refundOnly,
                pricePaid: .cny(300),
                judgement: stamped,
                postage: nil
            )
            #expect(capped.map(\.kind) == [.refund] && capped[0].amount == .cny(300), "\(capped)")
            #expect(capped[0].note?.contains("capped at the price paid") == true)
        }
        #expect(throws: LedgerProblem.currencyMismatch) {
            try RefundLedger.lines(
                for: Self.decide(.refundOnly, asking: .cny(100), nil),
                type: .refundOnly,
                pricePaid: Money(currency: "USD", amountMinor: 10_000),
                judgement: nil,
                postage: nil
            )
        }
    }

    /// rules.md §3.9: the return leg's postage comes back when the case's shipping rule puts it on the seller
    /// (LG-06: a confirmed quality problem, the company pays); a non-quality return's is the customer's (LG-08).
    @Test func theReturnLegsPostageFollowsTheShippingRule() throws {
        let bag = { (flags: [FactFlag]) in
            CaseFacts(
                pricePaid: .cny(599),
                line: OrderLine(category: "handbag"),
                dates: CaseDates(
                    sale: LocalDate(iso: "2026-03-10")!,
                    delivery: LocalDate(iso: "2026-03-12")!,
                    signedFor: LocalDate(iso: "2026-03-12")!
                ),
                flags: flags
            )
        }
        let quality = Self.judged(
            PolicyPresets.leatherGoods(),
            bag([.qualityIssue, .hasInvoice, .accessoriesComplete, .packagingIntact]),
            on: "2026-03-16",
            asking: .returnAndRefund
        )
        let paidBack = try RefundLedger.lines(
            for: Self.decide(.returnAndRefund, asking: .cny(599), quality),
            type: .returnAndRefund,
            pricePaid: .cny(599),
            judgement: quality,
            postage: .cny(12)
        )
        let leg = try #require(paidBack.first { $0.kind == .shipping })
        #expect(leg.amount == .cny(12) && leg.ruleIds.contains("LG-06"), "\(leg)")
        #expect(RefundLedger.total(paidBack, currency: "CNY") == .cny(611))
        let mind = Self.judged(
            PolicyPresets.leatherGoods(),
            bag([.hasInvoice, .accessoriesComplete, .packagingIntact]),
            on: "2026-03-16",
            asking: .returnAndRefund
        )
        let own = try RefundLedger.lines(
            for: Self.decide(.returnAndRefund, asking: .cny(599), mind),
            type: .returnAndRefund,
            pricePaid: .cny(599),
            judgement: mind,
            postage: .cny(12)
        )
        let ownLeg = try #require(own.first { $0.kind == .shipping })
        #expect(ownLeg.amount == .cny(0) && ownLeg.ruleIds.contains("LG-08"), "\(ownLeg)")
        #expect(RefundLedger.total(own, currency: "CNY") == .cny(599))
    }

    /// LG-07 多退少补 both ways, and LG-14's once per order from the stamped rules.
    @Test func anExchangesPriceDifferenceGoesBothWaysAndLeatherGoodsAllowOnePerOrder() throws {
        let more = try #require(try RefundLedger.priceDifference(pricePaid: .cny(599), replacementPrice: .cny(699), ruleIds: ["LG-07"]))
        #expect(more.kind == .priceDifference && more.amount.amountMinor == -10_000 && more.ruleIds == ["LG-07"])
        let less = try #require(try RefundLedger.priceDifference(pricePaid: .cny(599), replacementPrice: .cny(499), ruleIds: []))
        #expect(less.amount == .cny(100))
        #expect(try RefundLedger.priceDifference(pricePaid: .cny(599), replacementPrice: .cny(599), ruleIds: []) == nil)
        #expect(throws: LedgerProblem.currencyMismatch) {
            try RefundLedger.priceDifference(pricePaid: .cny(599), replacementPrice: Money(currency: "USD", amountMinor: 1), ruleIds: [])
        }
        let facts = CaseFacts(
            pricePaid: .cny(599),
            line: OrderLine(category: "handbag"),
            dates: CaseDates(sale: LocalDate(iso: "2026-03-10")!, delivery: LocalDate(iso: "2026-03-12")!),
            flags: [.qualityIssue]
        )
        let leather = Self.judged(PolicyPresets.leatherGoods(), facts, on: "2026-03-16", asking: .exchange)
        #expect(RefundLedger.oncePerOrderRule(for: .exchange, judgement: leather)?.ruleIds.contains("LG-14") == true)
        #expect(RefundLedger.oncePerOrderRule(for: .returnAndRefund, judgement: leather) != nil)
        let pinduoduo = Self.judged(PolicyPresets.pinduoduo(), facts, on: "2026-03-16", asking: .refundOnly)
        #expect(RefundLedger.oncePerOrderRule(for: .refundOnly, judgement: pinduoduo) == nil)
    }
}
