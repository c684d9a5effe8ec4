public import Foundation

/// Who decided a refund (rules.md §3.1, §3.2): the merchant, the customer accepting the merchant's offer, the
/// platform's arbitrator, or a platform timer the merchant let run out (T-01, T-02, T-05).
public enum RefundDecider: String, WireEnum, Hashable {
    case merchant
    case customerAcceptedOffer = "customer_accepted_offer"
    case arbitrator
    case timer
}

/// An amount taken off a refund, with the rules that take it (the stamped judgement's deduction: 三包
/// depreciation, a restocking fee).
public struct RefundDeduction: Codable, Sendable, Hashable {
    /// lower_snake: `policy_deduction`.
    public var kind: String
    public var amount: Money
    public var ruleIds: [String]

    public init(kind: String, amount: Money, ruleIds: [String]) {
        self.kind = kind
        self.amount = amount
        self.ruleIds = ruleIds
    }
}

/// A refund was decided (`refund_approved`): what the customer is to be paid and why. Approval is a decision;
/// the refund ledger pays it out (`refund.paid`).
public struct RefundApproved: EventPayload {
    public static let type = "refund.approved"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "returns"
    public static let summary =
        "A return request's refund was decided: the amount to pay, the amount asked, the deductions and the rules that decided them, and who decided."
    public static var example: Self {
        Self(
            returnRequestID: ResolutionExample.returnRequestID,
            caseID: HandoffExample.caseID,
            merchantID: HandoffExample.merchantID,
            type: .refundOnly,
            requested: .cny(129),
            amount: .cny(129),
            deductions: [],
            ruleIds: ["PDD-06", "T-01"],
            decidedBy: .timer,
            withoutReturn: true
        )
    }

    public let returnRequestID: UUID
    public let caseID: UUID
    public let merchantID: UUID
    public let type: ReturnType
    /// What the customer asked for.
    public let requested: Money
    /// What is to be paid: the amount granted less the deductions.
    public let amount: Money
    public let deductions: [RefundDeduction]
    /// The rules that decided it (a timer's, the policy's deductions), sorted.
    public let ruleIds: [String]
    public let decidedBy: RefundDecider
    /// Refunded without the item coming back (refund-only; T-02's automatic refund).
    public let withoutReturn: Bool

    public init(
        returnRequestID: UUID,
        caseID: UUID,
        merchantID: UUID,
        type: ReturnType,
        requested: Money,
        amount: Money,
        deductions: [RefundDeduction],
        ruleIds: [String],
        decidedBy: RefundDecider,
        withoutReturn: Bool
    ) {
        self.returnRequestID = returnRequestID
        self.caseID = caseID
        self.merchantID = merchantID
        self.type = type
        self.requested = requested
        self.amount = amount
        self.deductions = deductions
        self.ruleIds = ruleIds
        self.decidedBy = decidedBy
        self.withoutReturn = withoutReturn
    }

    enum CodingKeys: String, CodingKey {
        case returnRequestId, caseId, merchantId, type, requested, amount, deductions, ruleIds, decidedBy, withoutReturn
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        returnRequestID = try c.decodeWireUUID(forKey: .returnRequestId)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        type = try c.decode(ReturnType.self, forKey: .type)
        requested = try c.decode(Money.self, forKey: .requested)
        amount = try c.decode(Money.self, forKey: .amount)
        deductions = try c.decode([RefundDeduction].self, forKey: .deductions)
        ruleIds = try c.decode([String].self, forKey: .ruleIds)
        decidedBy = try c.decode(RefundDecider.self, forKey: .decidedBy)
        withoutReturn = try c.decode(Bool.self, forKey: .withoutReturn)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(returnRequestID.wireText, forKey: .returnRequestId)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(type, forKey: .type)
        try c.encode(requested, forKey: .requested)
        try c.encode(amount, forKey: .amount)
        try c.encode(deductions, forKey: .deductions)
        try c.encode(ruleIds, forKey: .ruleIds)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(withoutReturn, forKey: .withoutReturn)
    }
}

/// What a payment settled by the refund ledger was for.
public enum PaymentPurpose: String, WireEnum, Hashable {
    /// A return request's decided refund.
    case refund
    /// A small compensation granted on the case (rules.md §3.10).
    case compensation
    /// An exchange's replacement cost less: the difference is paid back (LG-07 多退少补).
    case priceDifference = "price_difference"
    /// Finance corrected an entry in the customer's favour: the difference is paid out.
    case correction
}

/// A payout of the refund ledger settled at the payment provider (`refund.paid`): the customer has the money.
/// Intake resolves the case on a request's refund; the customer's notice follows it.
public struct RefundPaid: EventPayload {
    public static let type = "refund.paid"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "returns"
    public static let summary =
        "A payout of the refund ledger settled at the payment provider: the case, what it was for, the amount, its payment and ledger entry."
    public static var example: Self {
        Self(
            caseID: HandoffExample.caseID,
            returnRequestID: ResolutionExample.returnRequestID,
            merchantID: HandoffExample.merchantID,
            purpose: .refund,
            amount: .cny(129),
            paymentID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000d1")!,
            ledgerEntryID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000d2")!,
            providerReference: "po_3f1c2a9e8b7d4c6a5e0f1b2c"
        )
    }

    public let caseID: UUID
    /// The request whose refund it paid; nil for a compensation.
    public let returnRequestID: UUID?
    public let merchantID: UUID?
    public let purpose: PaymentPurpose
    public let amount: Money
    public let paymentID: UUID
    /// The ledger's `payout` entry that records it.
    public let ledgerEntryID: UUID
    /// The provider's id of the payout.
    public let providerReference: String

    public init(
        caseID: UUID,
        returnRequestID: UUID?,
        merchantID: UUID?,
        purpose: PaymentPurpose,
        amount: Money,
        paymentID: UUID,
        ledgerEntryID: UUID,
        providerReference: String
    ) {
        self.caseID = caseID
        self.returnRequestID = returnRequestID
        self.merchantID = merchantID
        self.purpose = purpose
        self.amount = amount
        self.paymentID = paymentID
        self.ledgerEntryID = ledgerEntryID
        self.providerReference = providerReference
    }

    enum CodingKeys: String, CodingKey {
        case caseId, returnRequestId, merchantId, purpose, amount, paymentId, ledgerEntryId, providerReference
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        returnRequestID = try c.contains(.returnRequestId) ? c.decodeWireUUID(forKey: .returnRequestId) : nil
        merchantID = try c.contains(.merchantId) ? c.decodeWireUUID(forKey: .merchantId) : nil
        purpose = try c.decode(PaymentPurpose.self, forKey: .purpose)
        amount = try c.decode(Money.self, forKey: .amount)
        paymentID = try c.decodeWireUUID(forKey: .paymentId)
        ledgerEntryID = try c.decodeWireUUID(forKey: .ledgerEntryId)
        providerReference = try c.decode(String.self, forKey: .providerReference)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encodeIfPresent(returnRequestID?.wireText, forKey: .returnRequestId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(purpose, forKey: .purpose)
        try c.encode(amount, forKey: .amount)
        try c.encode(paymentID.wireText, forKey: .paymentId)
        try c.encode(ledgerEntryID.wireText, forKey: .ledgerEntryId)
        try c.encode(providerReference, forKey: .providerReference)
    }
}
