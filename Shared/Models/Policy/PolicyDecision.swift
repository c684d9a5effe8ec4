/// Whether a resolution can be granted.
public enum OptionStatus: String, Codable, Sendable, Hashable {
    case eligible
    case notEligible = "not_eligible"
    /// Not an entitlement, but the seller negotiates (LG-19, DS-14, CM-05).
    case negotiable
}

/// What kind of statement a reason makes.
public enum ReasonKind: String, Codable, Sendable, Hashable {
    case granted, negotiable
    case notOffered = "not_offered"
    case noRule = "no_rule"
    case conditionUnmet = "condition_unmet"
    case missingDate = "missing_date"
    case windowNotOpen = "window_not_open"
    case windowClosed = "window_closed"
    case blocked, warning, fee, payout
    case priceDifference = "price_difference"
    case shipping, timer, note
    /// The case goes on to the authorities (DS-08: counterfeit goods).
    case referral
}

/// One explanation: the rule ids it rests on, a short text in Chinese and English, and — for refusals,
/// caveats, fees and referrals — a machine-readable code (rules.md §4's codes, ``RefusalCodes``).
public struct Reason: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    public var kind: ReasonKind
    public var text: LocalizedText
    public var code: String?

    public init(_ ruleIds: [String], _ kind: ReasonKind, _ text: LocalizedText, code: String? = nil) {
        self.ruleIds = ruleIds
        self.kind = kind
        self.text = text
        self.code = code
    }

    enum CodingKeys: String, CodingKey { case ruleIds, kind, text, code }
}

/// A fee or deduction applied to an option; `amount` is nil when it is still to be quoted.
public struct AppliedFee: Codable, Sendable, Hashable {
    public var fee: FeeRule
    public var amount: Money?

    enum CodingKeys: String, CodingKey { case fee, amount }
}

/// LG-07 多退少补: exactly one side is non-zero.
public struct PriceDifference: Codable, Sendable, Hashable {
    public var customerPays: Money
    public var sellerRefunds: Money

    enum CodingKeys: String, CodingKey { case customerPays, sellerRefunds }
}

/// The decision for one resolution.
public struct ResolutionOption: Codable, Sendable, Hashable {
    public var resolution: Resolution
    public var status: OptionStatus
    /// Last local day (until 23:59:59) to ask for it; nil when open-ended or not eligible.
    public var deadline: LocalDate?
    public var handler: Handler?
    public var fees: [AppliedFee]
    /// Sum of the fees with an amount, never more than the price paid.
    public var deduction: Money
    /// A fee applies whose amount staff must quote.
    public var feeToBeQuoted: Bool
    /// What the customer receives, after deductions; never negative.
    public var refundAmount: Money?
    public var priceDifference: PriceDifference?
    public var shipping: ShippingResponsibility?
    public var reasons: [Reason]

    public var isEligible: Bool { status == .eligible }
    /// Every rule id cited by this option's reasons.
    public var citedRuleIds: Set<String> { Set(reasons.flatMap(\.ruleIds)) }

    enum CodingKeys: String, CodingKey {
        case resolution, status, deadline, handler, fees, deduction, feeToBeQuoted, refundAmount, priceDifference, shipping, reasons
    }
}

/// A window resolved to dates for this case.
public struct ResolvedWindow: Codable, Sendable, Hashable {
    public var resolution: Resolution
    public var ruleIds: [String]
    public var anchor: DateAnchor
    public var anchorDate: LocalDate
    public var opensOn: LocalDate?
    public var closesOn: LocalDate?

    enum CodingKeys: String, CodingKey { case resolution, ruleIds, anchor, anchorDate, opensOn, closesOn }
}

/// Shipping responsibility resolved for one resolution.
public struct ResolvedShipping: Codable, Sendable, Hashable {
    public var resolution: Resolution
    public var ruleIds: [String]
    public var responsibility: ShippingResponsibility

    enum CodingKeys: String, CodingKey { case resolution, ruleIds, responsibility }
}

/// A fee rule resolved for one resolution.
public struct ResolvedFee: Codable, Sendable, Hashable {
    public var resolution: Resolution
    public var fee: FeeRule

    enum CodingKeys: String, CodingKey { case resolution, fee }
}

/// The rules that apply to this case (windows, timers, fees, shipping), stamped on the case at intake and
/// carried in its events so Returns and Repairs never ask Intake again (DESIGN §6 "Policy").
public struct ResolvedRules: Codable, Sendable, Hashable {
    public var policyId: String
    public var policyVersion: Int
    public var family: RuleFamily
    public var requestDate: LocalDate
    public var timeZoneIdentifier: String
    public var windows: [ResolvedWindow]
    public var timers: [TimerRule]
    public var fees: [ResolvedFee]
    public var shipping: [ResolvedShipping]
    /// The policy's rules allowing one return or exchange per order (LG-14), absent when it has none: the
    /// refund ledger refuses a second one on the order.
    public var oncePerOrder: [ResolvedOncePerOrder]? = nil
    /// The policy's follow-up call windows, absent when it leaves them to the tenant's care settings.
    public var followUp: FollowUpSchedule? = nil

    enum CodingKeys: String, CodingKey {
        case policyId, policyVersion, family, requestDate, timeZoneIdentifier, windows, timers, fees, shipping, oncePerOrder, followUp
    }
}

/// A rule limiting an order to one return or exchange (LG-14): the resolutions it limits.
public struct ResolvedOncePerOrder: Codable, Sendable, Hashable {
    public var resolutions: [Resolution]
    public var ruleIds: [String]

    public init(resolutions: [Resolution], ruleIds: [String]) {
        self.resolutions = resolutions
        self.ruleIds = ruleIds
    }

    enum CodingKeys: String, CodingKey { case resolutions, ruleIds }
}

/// The result of ``PolicyEngine/evaluate(facts:policy:calendar:now:)``: every resolution with its
/// status, and the resolved rules for the case.
public struct PolicyDecision: Codable, Sendable, Hashable {
    public var policyId: String
    public var policyVersion: Int
    public var requestDate: LocalDate
    /// One entry per ``Resolution`` case, in `Resolution.allCases` order.
    public var options: [ResolutionOption]
    public var resolvedRules: ResolvedRules

    public func option(_ resolution: Resolution) -> ResolutionOption {
        options.first { $0.resolution == resolution }!
    }

    enum CodingKeys: String, CodingKey { case policyId, policyVersion, requestDate, options, resolvedRules }
}
