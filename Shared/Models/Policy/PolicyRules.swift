/// What a blocking condition does to a resolution (rules.md §4).
public enum BlockEffect: String, Codable, Sendable, Hashable {
    /// The resolution is refused.
    case block
    /// Allowed, but with a caveat (best effort only, trial warranty, …).
    case warn
    /// Allowed, but a fee will be charged; the seeds give no amount (rules.md §8 item 18).
    case chargeFee = "charge_fee"
}

/// A blocking condition: when `when` holds (nil = always, for the matching products), `effect` applies
/// to `resolutions` for matching products.
public struct BlockRule: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    public var resolutions: [Resolution]
    public var match: ProductMatch
    public var when: Condition?
    public var effect: BlockEffect

    public init(_ ruleIds: [String], _ resolutions: [Resolution], match: ProductMatch = .any, when: Condition? = nil, effect: BlockEffect = .block) {
        self.ruleIds = ruleIds
        self.resolutions = resolutions
        self.match = match
        self.when = when
        self.effect = effect
    }

    enum CodingKeys: String, CodingKey { case ruleIds, resolutions, match, when, effect }
}

/// Who pays a shipping leg (rules.md §3.9).
public enum ShippingPayer: String, Codable, Sendable, Hashable {
    case seller
    case customer
    case manufacturer
    /// Customer pays first, return-shipping insurance (运费险) pays back, the shop tops up (snack shop).
    case shippingInsurance = "shipping_insurance"
    case notApplicable = "not_applicable"
}

/// Who pays each leg: `outboundLeg` = seller → customer (original or replacement), `returnLeg` = back.
public struct ShippingResponsibility: Codable, Sendable, Hashable {
    public var outboundLeg: ShippingPayer
    public var returnLeg: ShippingPayer

    public init(outboundLeg: ShippingPayer, returnLeg: ShippingPayer) {
        self.outboundLeg = outboundLeg
        self.returnLeg = returnLeg
    }

    enum CodingKeys: String, CodingKey { case outboundLeg, returnLeg }
}

/// A shipping-responsibility rule; the first matching rule for a resolution applies.
public struct ShippingRule: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    public var resolutions: [Resolution]
    public var match: ProductMatch
    public var when: Condition?
    public var responsibility: ShippingResponsibility

    public init(
        _ ruleIds: [String],
        _ resolutions: [Resolution],
        match: ProductMatch = .any,
        when: Condition? = nil,
        outbound: ShippingPayer,
        returnLeg: ShippingPayer
    ) {
        self.ruleIds = ruleIds
        self.resolutions = resolutions
        self.match = match
        self.when = when
        self.responsibility = ShippingResponsibility(outboundLeg: outbound, returnLeg: returnLeg)
    }

    enum CodingKeys: String, CodingKey { case ruleIds, resolutions, match, when, responsibility }
}

/// What starts a timer the Returns or Repairs service runs.
public enum TimerTrigger: String, Codable, Sendable, Hashable {
    case requestSubmitted = "request_submitted"
    case merchantRejected = "merchant_rejected"
    case merchantAgreedReturn = "merchant_agreed_return"
    case userReturned = "user_returned"
    case signedFor = "signed_for"
    case returnConfirmed = "return_confirmed"
    case deliveryRefused = "delivery_refused"
    case repairAccepted = "repair_accepted"
    case repairSubmitted = "repair_submitted"
    case testReportIssued = "test_report_issued"
    case deadOnArrivalRecorded = "dead_on_arrival_recorded"
}

/// What happens when a timer expires.
public enum TimerExpiry: String, Codable, Sendable, Hashable {
    case autoRefund = "auto_refund"
    case autoRefundWithoutReturn = "auto_refund_without_return"
    case userOverdue = "user_overdue"
    case refuseReturn = "refuse_return"
    case optionClosed = "option_closed"
    case freeExchangeDue = "free_exchange_due"
    case alertSupervisor = "alert_supervisor"
    case escalateToPlatform = "escalate_to_platform"
}

/// A platform timer (rules.md §5) that travels with the case in its resolved rules.
public struct TimerRule: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    /// lower_snake name, e.g. `merchant_response`.
    public var name: String
    public var trigger: TimerTrigger
    public var duration: Period
    public var onExpiry: TimerExpiry
    public var resolutions: [Resolution]
    public var when: Condition?

    public init(
        _ ruleIds: [String],
        name: String,
        trigger: TimerTrigger,
        duration: Period,
        onExpiry: TimerExpiry,
        resolutions: [Resolution],
        when: Condition? = nil
    ) {
        self.ruleIds = ruleIds
        self.name = name
        self.trigger = trigger
        self.duration = duration
        self.onExpiry = onExpiry
        self.resolutions = resolutions
        self.when = when
    }

    enum CodingKeys: String, CodingKey { case ruleIds, name, trigger, duration, onExpiry, resolutions, when }
}

/// A rule that adds an explanation to an option (e.g. FN-11 "the whole set is returned").
public struct NoteRule: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    public var resolutions: [Resolution]
    public var when: Condition?
    public var text: LocalizedText

    public init(_ ruleIds: [String], _ resolutions: [Resolution], when: Condition? = nil, text: LocalizedText) {
        self.ruleIds = ruleIds
        self.resolutions = resolutions
        self.when = when
        self.text = text
    }

    enum CodingKeys: String, CodingKey { case ruleIds, resolutions, when, text }
}
