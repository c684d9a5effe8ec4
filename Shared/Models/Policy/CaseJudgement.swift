/// The tenant's policy applied to a case (DESIGN §6 "Policy"): what was decided for the resolution the
/// customer asked for, why, what else the policy would grant, and the resolved rules (windows, timers,
/// fees, shipping) — stamped on the case at registration under one policy version, carried in its events,
/// and never rewritten by a later policy change. Only new facts about the case (the merchant's inspection)
/// revise it, under the same version.
public struct CaseJudgement: Codable, Sendable, Hashable {
    public var policyId: String
    public var policyVersion: Int
    public var requestedResolution: Resolution
    public var status: OptionStatus
    /// The last local day to ask for it, when the policy bounds it.
    public var deadline: LocalDate?
    public var refundAmount: Money?
    public var deduction: Money
    public var feeToBeQuoted: Bool
    public var shipping: ShippingResponsibility?
    public var reasons: [Reason]
    /// Other resolutions the policy grants outright, in `Resolution.allCases` order.
    public var eligibleAlternatives: [Resolution]
    public var resolvedRules: ResolvedRules

    /// The policy refuses the resolution asked for (it is still registered: the claim is a fact).
    public var isRefused: Bool { status == .notEligible }

    /// Every rule id the reasons cite, sorted.
    public var ruleIds: [String] { Array(Set(reasons.flatMap(\.ruleIds))).sorted() }

    public init(_ decision: PolicyDecision, requested: Resolution) {
        let option = decision.option(requested)
        policyId = decision.policyId
        policyVersion = decision.policyVersion
        requestedResolution = requested
        status = option.status
        deadline = option.deadline
        refundAmount = option.refundAmount
        deduction = option.deduction
        feeToBeQuoted = option.feeToBeQuoted
        shipping = option.shipping
        reasons = option.reasons
        eligibleAlternatives = decision.options.filter { $0.resolution != requested && $0.isEligible }.map(\.resolution)
        resolvedRules = decision.resolvedRules
    }

    enum CodingKeys: String, CodingKey {
        case policyId, policyVersion, requestedResolution, status, deadline, refundAmount, deduction, feeToBeQuoted, shipping
        case reasons, eligibleAlternatives, resolvedRules
    }
}
