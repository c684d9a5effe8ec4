public import Foundation

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
    /// Where the policy states when a request may be withdrawn (PDD-09), the resolutions it may be for —
    /// absent when the policy says nothing (then any request may be withdrawn before its refund).
    public var withdrawable: [Resolution]?

    /// The rule that states withdrawal (PDD-09: before the refund succeeds).
    public static let withdrawalRule = "PDD-09"

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
        let states = decision.options.contains { $0.reasons.contains { $0.kind == .note && $0.ruleIds.contains(Self.withdrawalRule) } }
        withdrawable =
            states
            ? decision.options.filter { $0.reasons.contains { $0.kind == .note && $0.ruleIds.contains(Self.withdrawalRule) } }.map(\.resolution)
            : nil
    }

    /// Whether a request for `resolution` may be withdrawn under the policy.
    public func allowsWithdrawal(of resolution: Resolution) -> Bool {
        withdrawable?.contains(resolution) ?? true
    }

    /// Why a new request for `resolution` cannot be filed at `now` — its windows all closed (T-06) or not
    /// yet open — or nil; today is the case's own calendar day (the time zone its rules were resolved in).
    public func windowProblem(for resolution: Resolution, at now: Date) -> String? {
        let windows = resolvedRules.windows.filter { $0.resolution == resolution }
        guard !windows.isEmpty, let today = BusinessCalendar.localDate(of: now, timeZoneIdentifier: resolvedRules.timeZoneIdentifier)
        else { return nil }
        func open(_ w: ResolvedWindow) -> Bool { (w.opensOn.map { $0 <= today } ?? true) && (w.closesOn.map { today <= $0 } ?? true) }
        guard !windows.contains(where: open) else { return nil }
        let rules = Array(Set(windows.flatMap(\.ruleIds))).sorted().joined(separator: ", ")
        if let closed = windows.compactMap(\.closesOn).max(), closed < today {
            return "the case's window for \(resolution.rawValue) closed on \(closed) (\(rules))"
        }
        let opens = windows.compactMap(\.opensOn).min().map { " until \($0)" } ?? ""
        return "the case's window for \(resolution.rawValue) is not open\(opens) (\(rules))"
    }

    /// Why the policy refuses `resolution` for the case, nil when it does not.
    public func refusal(of resolution: Resolution) -> ResolutionRefusal? {
        refusals?.first { $0.resolution == resolution }
    }

    enum CodingKeys: String, CodingKey {
        case policyId, policyVersion, requestedResolution, status, deadline, refundAmount, deduction, feeToBeQuoted, shipping
        case reasons, eligibleAlternatives, resolvedRules, refusals, platformHandled, withdrawable
    }

    /// The keys as the synthesized encoding would write them — or, within ``JSONSplice/judgement``'s scope, the
    /// placeholder its bytes replace (encoded once for every document of the request).
    public func encode(to encoder: any Encoder) throws {
        if let splice = JSONSplice.judgement {
            var single = encoder.singleValueContainer()
            try single.encode(splice.token)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policyId, forKey: .policyId)
        try c.encode(policyVersion, forKey: .policyVersion)
        try c.encode(requestedResolution, forKey: .requestedResolution)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(deadline, forKey: .deadline)
        try c.encodeIfPresent(refundAmount, forKey: .refundAmount)
        try c.encode(deduction, forKey: .deduction)
        try c.encode(feeToBeQuoted, forKey: .feeToBeQuoted)
        try c.encodeIfPresent(shipping, forKey: .shipping)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(eligibleAlternatives, forKey: .eligibleAlternatives)
        try c.encode(resolvedRules, forKey: .resolvedRules)
        try c.encodeIfPresent(refusals, forKey: .refusals)
        try c.encodeIfPresent(platformHandled, forKey: .platformHandled)
        try c.encodeIfPresent(withdrawable, forKey: .withdrawable)
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
