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
    /// What the reason says, when the condition's own text is not enough (LG-05's closed photo route).
    public var text: LocalizedText?
    /// The reason's code; nil = chosen from the deciding fact (``RefusalCodes``).
    public var code: String?
    /// LG-12: a refused return is sent back, this party paying every leg.
    public var sendBack: ShippingPayer?

    public init(
        _ ruleIds: [String],
        _ resolutions: [Resolution],
        match: ProductMatch = .any,
        when: Condition? = nil,
        effect: BlockEffect = .block,
        text: LocalizedText? = nil,
        code: String? = nil,
        sendBack: ShippingPayer? = nil
    ) {
        self.ruleIds = ruleIds
        self.resolutions = resolutions
        self.match = match
        self.when = when
        self.effect = effect
        self.text = text
        self.code = code
        self.sendBack = sendBack
    }

    enum CodingKeys: String, CodingKey { case ruleIds, resolutions, match, when, effect, text, code, sendBack }
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

/// Who chooses the carrier of the return leg.
public enum CarrierChoice: String, Codable, Sendable, Hashable {
    /// LG-06, LG-19: the company's designated carrier (公司指定快递), at the company's cost.
    case sellerDesignated = "seller_designated"
    case customerChoice = "customer_choice"
}

/// Who pays each leg: `outboundLeg` = seller → customer (original or replacement), `returnLeg` = back;
/// `sendBackLeg` = a refused return sent back to the customer (LG-12); `returnCarrier` when a rule names it.
public struct ShippingResponsibility: Codable, Sendable, Hashable {
    public var outboundLeg: ShippingPayer
    public var returnLeg: ShippingPayer
    public var returnCarrier: CarrierChoice?
    public var sendBackLeg: ShippingPayer?

    public init(outboundLeg: ShippingPayer, returnLeg: ShippingPayer, returnCarrier: CarrierChoice? = nil, sendBackLeg: ShippingPayer? = nil) {
        self.outboundLeg = outboundLeg
        self.returnLeg = returnLeg
        self.returnCarrier = returnCarrier
        self.sendBackLeg = sendBackLeg
    }

    enum CodingKeys: String, CodingKey { case outboundLeg, returnLeg, returnCarrier, sendBackLeg }
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
        returnLeg: ShippingPayer,
        returnCarrier: CarrierChoice? = nil
    ) {
        self.ruleIds = ruleIds
        self.resolutions = resolutions
        self.match = match
        self.when = when
        self.responsibility = ShippingResponsibility(outboundLeg: outbound, returnLeg: returnLeg, returnCarrier: returnCarrier)
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

/// What a note says: an explanation, or a referral of the case to the authorities (DS-08).
public enum NoteKind: String, Codable, Sendable, Hashable {
    case note, referral
}

/// A rule that adds an explanation to an option (e.g. FN-11 "the whole set is returned").
public struct NoteRule: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    public var resolutions: [Resolution]
    public var when: Condition?
    public var text: LocalizedText
    public var kind: NoteKind

    public init(_ ruleIds: [String], _ resolutions: [Resolution], when: Condition? = nil, text: LocalizedText, kind: NoteKind = .note) {
        self.ruleIds = ruleIds
        self.resolutions = resolutions
        self.when = when
        self.text = text
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey { case ruleIds, resolutions, when, text, kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ruleIds = try c.decode([String].self, forKey: .ruleIds)
        resolutions = try c.decode([Resolution].self, forKey: .resolutions)
        when = try c.decodeIfPresent(Condition.self, forKey: .when)
        text = try c.decode(LocalizedText.self, forKey: .text)
        kind = try c.decodeIfPresent(NoteKind.self, forKey: .kind) ?? .note
    }
}
