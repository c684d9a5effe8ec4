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
    /// The resolutions the policy refuses for the case, each with its refusal codes and rules (B-26:
    /// `special_goods`, `not_shipped`; T-06: a closed window; PDD-01: not offered) — absent when it refuses
    /// none. One it has no rule for at all is not listed: the merchant decides it.
    public var refusals: [ResolutionRefusal]?
    /// The resolutions the platform itself decides for the case (PDD-04: an unshipped order's refund goes
    /// straight to platform review) — absent when none.
    public var platformHandled: [Resolution]?

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
        // A resolution the policy has no rule for is left to the merchant; one it does not offer, or refuses
        // for a reason, is refused.
        let refused = decision.options.filter { $0.status == .notEligible }.map(ResolutionRefusal.init)
            .filter { $0.codes != [RefusalCodes.noRule] }
        refusals = refused.isEmpty ? nil : refused
        let platform = decision.options.filter { $0.isEligible && $0.handler == .platform }.map(\.resolution)
        platformHandled = platform.isEmpty ? nil : platform
    }

    /// Why the policy refuses `resolution` for the case, nil when it does not.
    public func refusal(of resolution: Resolution) -> ResolutionRefusal? {
        refusals?.first { $0.resolution == resolution }
    }

    enum CodingKeys: String, CodingKey {
        case policyId, policyVersion, requestedResolution, status, deadline, refundAmount, deduction, feeToBeQuoted, shipping
        case reasons, eligibleAlternatives, resolvedRules, refusals, platformHandled
    }
}

/// A resolution the policy refuses for a case, with the refusal codes (rules.md §4) and the rules behind them.
public struct ResolutionRefusal: Codable, Sendable, Hashable {
    public var resolution: Resolution
    public var codes: [String]
    public var ruleIds: [String]

    public init(resolution: Resolution, codes: [String], ruleIds: [String]) {
        self.resolution = resolution
        self.codes = codes
        self.ruleIds = ruleIds
    }

    init(_ option: ResolutionOption) {
        let refusing = option.reasons.filter { $0.kind != .granted && $0.kind != .note }
        self.init(
            resolution: option.resolution,
            codes: Array(Set(refusing.compactMap(\.code))).sorted(),
            ruleIds: Array(Set(refusing.flatMap(\.ruleIds))).sorted()
        )
    }
}
