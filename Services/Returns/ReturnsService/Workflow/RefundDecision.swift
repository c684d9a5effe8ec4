public import Foundation
public import Models

/// A decided refund (`refund_approved`): what is to be paid and why. Pure.
///
/// The rule: an amount agreed on its own — the merchant's offer the customer accepted, the arbitrator's
/// partial refund — is paid as agreed. A request granted in full is paid what it asked, but never more than
/// the stamped policy pays for the resolution the case was judged for: the difference is listed as the
/// policy's deduction (三包 depreciation, a restocking fee: `policy_deduction`, with the fee's rules) or, with
/// no deduction, as the policy's payout limit (`policy_payout_limit`, with the payout's rules).
public struct RefundDecision: Sendable, Hashable, Codable {
    public var requested: Money
    public var amount: Money
    public var deductions: [RefundDeduction]
    public var ruleIds: [String]
    public var decidedBy: RefundDecider
    public var withoutReturn: Bool
    public var decidedAt: Date

    /// - Parameters:
    ///   - granted: an amount agreed on its own, nil for the request granted in full.
    ///   - ruleIds: the rules of the step that decided it (a timer's).
    public static func decide(
        _ application: ReturnApplication,
        granted: Money?,
        decidedBy: RefundDecider,
        ruleIds: [String],
        withoutReturn: Bool,
        judgement: CaseJudgement?,
        at now: Date
    ) -> RefundDecision {
        let requested = application.amount
        var amount = granted ?? requested
        var deductions: [RefundDeduction] = []
        if granted == nil, let judgement, judgement.requestedResolution == ReturnDeadlines.resolution(of: application.type),
            let payout = judgement.refundAmount, payout.currency == requested.currency, requested.amountMinor > payout.amountMinor
        {
            // What the policy pays is the most; the difference is its deduction (as far as it goes) or its limit.
            let taken = requested.amountMinor - payout.amountMinor
            let deducts = judgement.deduction.currency == requested.currency && judgement.deduction.amountMinor > 0
            let kinds: Set<ReasonKind> = deducts ? [.fee] : [.payout]
            let rules = Array(Set(judgement.reasons.filter { kinds.contains($0.kind) }.flatMap(\.ruleIds))).sorted()
            let kind = deducts ? "policy_deduction" : "policy_payout_limit"
            deductions = [RefundDeduction(kind: kind, amount: Money(currency: requested.currency, amountMinor: taken), ruleIds: rules)]
            amount = payout
        }
        let rules = Set(ruleIds).union(deductions.flatMap(\.ruleIds))
        return RefundDecision(
            requested: requested,
            amount: amount,
            deductions: deductions,
            ruleIds: rules.sorted(),
            decidedBy: decidedBy,
            withoutReturn: withoutReturn,
            decidedAt: now
        )
    }

    /// The most a request on the case may ask: the price paid, or more where the stamped policy pays more
    /// for the resolution (DS-08: twice the price for counterfeit goods); nil when the case states no price.
    public static func ceiling(for type: ReturnType, pricePaid: Money?, judgement: CaseJudgement?) -> Money? {
        guard let pricePaid else { return nil }
        if let judgement, judgement.requestedResolution == ReturnDeadlines.resolution(of: type), let payout = judgement.refundAmount,
            payout.currency == pricePaid.currency, payout.amountMinor > pricePaid.amountMinor
        {
            return payout
        }
        return pricePaid
    }
}
