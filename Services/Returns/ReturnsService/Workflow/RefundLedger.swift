public import Models

/// What a ledger entry records. Amounts are signed from the customer's side: `+` owed to the customer,
/// `−` taken off or owed by them; a settled `payout` (−) or `charge` (+) brings the case back to zero.
public enum LedgerEntryKind: String, WireEnum, Hashable {
    /// The refund granted, up to the price paid.
    case refund
    /// Beyond the price paid, where the stamped decision pays more (DS-08: twice the price).
    case refundOverPrice = "refund_over_price"
    /// The policy's deduction (三包 depreciation, a restocking fee), as it computed it.
    case deduction
    /// A shipping leg the customer paid and someone else owes (rules.md §3.9), or 0 when the customer bears it.
    case shipping
    /// A small compensation (rules.md §3.10).
    case compensation
    /// An exchange's price difference: + the replacement cost less, − it costs more (LG-07 多退少补).
    case priceDifference = "price_difference"
    case payout
    case charge
    /// A correction of an earlier entry (entries are never edited).
    case correction
}

/// One line of the ledger before it is written.
public struct LedgerLine: Sendable, Hashable {
    public var kind: LedgerEntryKind
    public var amount: Money
    public var ruleIds: [String]
    public var note: String?

    public init(_ kind: LedgerEntryKind, _ amount: Money, ruleIds: [String] = [], note: String? = nil) {
        self.kind = kind
        self.amount = amount
        self.ruleIds = ruleIds
        self.note = note
    }
}

/// Why the ledger cannot record a refund.
public enum LedgerProblem: Error, Equatable, CustomStringConvertible {
    case currencyMismatch

    public var description: String { "the refund is not in the currency of the price paid" }
}

/// The refund ledger's arithmetic (rules.md §3.3, §3.5, §3.9, §3.10). Pure.
public enum RefundLedger {
    /// The lines of a decided refund: the refund up to the price paid, any part beyond it only with the stamped
    /// rule that grants it (DS-08) — without one it is not paid, and the refund line says so —, each deduction
    /// the decision took with its rules, and the return leg's postage the customer paid (in the refund's
    /// currency) — reimbursed when the stamped shipping rules say the seller (or manufacturer) pays it, recorded
    /// at 0 with its rule when the customer bears it. Their sum is what the payout pays.
    public static func lines(
        for decision: RefundDecision,
        type: ReturnType,
        pricePaid: Money?,
        judgement: CaseJudgement?,
        postage: Money?
    ) throws(LedgerProblem) -> [LedgerLine] {
        let currency = decision.amount.currency
        guard decision.deductions.allSatisfy({ $0.amount.currency == currency }), pricePaid.map({ $0.currency == currency }) ?? true
        else { throw .currencyMismatch }
        let gross = decision.deductions.reduce(decision.amount) { $0.adding($1.amount) }
        let price = pricePaid ?? gross
        let withinPrice = min(gross.amountMinor, price.amountMinor)
        let beyond = gross.amountMinor - withinPrice
        let deductionRules = Set(decision.deductions.flatMap(\.ruleIds))
        var refund = LedgerLine(
            .refund,
            Money(currency: currency, amountMinor: withinPrice),
            ruleIds: decision.ruleIds.filter { !deductionRules.contains($0) }
        )
        var lines: [LedgerLine] = []
        if beyond > 0 {
            // Only a stamped payout above the price grants this (the request's ceiling, DS-08).
            if let rules = overPriceRules(type: type, judgement: judgement, asked: gross) {
                lines.append(LedgerLine(.refundOverPrice, Money(currency: currency, amountMinor: beyond), ruleIds: rules))
            } else {
                refund.note = "capped at the price paid: \(beyond) more was decided, and no rule of the case's policy grants more"
            }
        }
        lines.insert(refund, at: 0)
        for deduction in decision.deductions where deduction.amount.amountMinor > 0 {
            lines.append(LedgerLine(.deduction, deduction.amount.negated, ruleIds: deduction.ruleIds, note: deduction.kind))
        }
        if let postage, postage.amountMinor > 0, postage.currency == currency {
            lines.append(shipping(postage, type: type, judgement: judgement))
        }
        return lines
    }

    /// The stamped rules that pay `asked` beyond the price (DS-08), nil when none does.
    static func overPriceRules(type: ReturnType, judgement: CaseJudgement?, asked: Money) -> [String]? {
        guard let judgement, judgement.requestedResolution == ReturnDeadlines.resolution(of: type), let payout = judgement.refundAmount,
            payout.currency == asked.currency, payout.amountMinor >= asked.amountMinor
        else { return nil }
        let rules = Array(Set(judgement.reasons.filter { $0.kind == .payout }.flatMap(\.ruleIds))).sorted()
        return rules.isEmpty ? nil : rules
    }

    /// The return leg's postage: owed back unless the case's shipping rules put it on the customer.
    static func shipping(_ postage: Money, type: ReturnType, judgement: CaseJudgement?) -> LedgerLine {
        let resolution = ReturnDeadlines.resolution(of: type)
        let rule = judgement?.resolvedRules.shipping.first { $0.resolution == resolution }
        let payer = rule?.responsibility.returnLeg ?? judgement?.shipping?.returnLeg
        let rules = rule?.ruleIds ?? []
        switch payer {
        case .seller, .manufacturer:
            return LedgerLine(.shipping, postage, ruleIds: rules, note: "return leg, paid by the \(payer!.rawValue)")
        case .shippingInsurance:
            // The insurance pays it back, the shop tops up any shortfall (snack shop): not the ledger's.
            return LedgerLine(.shipping, .zero(postage.currency), ruleIds: rules, note: "return leg, repaid by shipping insurance")
        case .customer, .notApplicable, nil:
            return LedgerLine(.shipping, .zero(postage.currency), ruleIds: rules, note: "return leg, paid by the customer")
        }
    }

    /// An exchange's price difference (LG-07 多退少补): + the replacement costs less (paid back), − it costs
    /// more (charged before the replacement ships); nil when the prices are equal.
    public static func priceDifference(pricePaid: Money, replacementPrice: Money, ruleIds: [String]) throws(LedgerProblem) -> LedgerLine? {
        guard pricePaid.currency == replacementPrice.currency else { throw .currencyMismatch }
        let difference = pricePaid.amountMinor - replacementPrice.amountMinor
        guard difference != 0 else { return nil }
        let note = difference > 0 ? "the replacement costs less: paid back" : "the replacement costs more: charged before it ships"
        return LedgerLine(.priceDifference, Money(currency: pricePaid.currency, amountMinor: difference), ruleIds: ruleIds, note: note)
    }

    /// What the lines come to (the payout's amount, or with settlements the case's balance).
    public static func total(_ lines: [LedgerLine], currency: String) -> Money {
        lines.reduce(Money.zero(currency)) { $0.adding($1.amount) }
    }

    /// The once-per-order rule (LG-14) that refuses a further `type` on an order that already had a return
    /// or exchange, or nil.
    public static func oncePerOrderRule(for type: ReturnType, judgement: CaseJudgement?) -> ResolvedOncePerOrder? {
        let resolution = ReturnDeadlines.resolution(of: type)
        return judgement?.resolvedRules.oncePerOrder?.first { $0.resolutions.contains(resolution) }
    }
}
