public import Foundation
public import Models

/// How a request came to be: from the merchant's agreement (`dispatch.resolution_agreed`), or filed by an
/// agent or by the storefront for its customer.
public enum ReturnSource: String, Sendable, Hashable, Codable, CaseIterable {
    case merchantAgreement = "merchant_agreement"
    case agent
    case storefront
}

/// The deadline running on a request: the stamped policy's timer and its instant.
public struct RunningDeadline: Sendable, Hashable, Codable {
    public var name: String
    public var ruleIds: [String]
    public var dueAt: Date
}

/// What the merchant said against a request (PDD-07): the reason and the evidence.
public struct MerchantRejection: Sendable, Hashable, Codable {
    public var reason: String
    public var evidence: [EvidenceReference]
    public var rejectedAt: Date
}

/// The customer's parcel back (PDD-15): carrier and tracking number.
public struct ReturnShipment: Sendable, Hashable, Codable {
    public var carrier: String
    public var trackingNumber: String
    public var shippedAt: Date
    /// What the customer paid for the leg, when they say (the ledger pays it back where the seller owes it).
    public var postage: Money? = nil
}

/// The merchant's confirmation of the returned item (PDD-16): whether it came back as it should.
public struct ReturnReceipt: Sendable, Hashable, Codable {
    public var acceptable: Bool
    public var note: String?
    public var confirmedAt: Date
}

/// The platform's review (rules.md §3.2): why it was asked, and the arbitrator's decision.
public struct PlatformReview: Sendable, Hashable, Codable {
    /// Nil when the platform took the request itself (PDD-04, an unshipped order).
    public var askedReason: String?
    public var askedAt: Date
    public var decision: ReviewDecision.Recorded?
}

extension ReviewDecision {
    /// The arbitrator's decision as kept.
    public struct Recorded: Sendable, Hashable, Codable {
        public var outcome: String
        public var amount: Money?
        public var note: String
        public var decidedBy: String
        public var decidedAt: Date
    }
}

/// One step of a request's history.
public struct ReturnStep: Sendable, Hashable, Codable {
    public var step: String
    public var from: ReturnRequestStatus?
    public var to: ReturnRequestStatus
    /// The token subject, or `system` for a timer and `dispatch` for the merchant's agreement.
    public var actor: String
    public var note: String?
    public var at: Date
}

/// A return request as Returns keeps it: what was asked, where it stands, what each side said, and the
/// refund once decided.
public struct ReturnRequest: Sendable, Equatable {
    public var id: UUID
    public var status: ReturnRequestStatus
    public var application: ReturnApplication
    public var source: ReturnSource
    /// The storefront's customer (the token subject that filed it): a storefront reads only its own.
    public var customerRef: String?
    public var version: Int = 1
    public var statusEnteredAt: Date
    public var deadline: RunningDeadline?
    public var rejection: MerchantRejection?
    /// The merchant's partial refund offer.
    public var offer: Money?
    public var shipment: ReturnShipment?
    public var receipt: ReturnReceipt?
    public var review: PlatformReview?
    public var refund: RefundDecision?
    public var history: [ReturnStep] = []
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID,
        status: ReturnRequestStatus,
        application: ReturnApplication,
        source: ReturnSource,
        customerRef: String?,
        createdAt: Date
    ) {
        self.id = id
        self.status = status
        self.application = application
        self.source = source
        self.customerRef = customerRef
        self.statusEnteredAt = createdAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// Who the request waits on now, nil when nobody does.
    public var waitingOn: ReturnActor? { Self.waitingOn(status) }

    /// Who a request in `status` waits on (the system: the refund ledger).
    public static func waitingOn(_ status: ReturnRequestStatus) -> ReturnActor? {
        switch status {
        case .requested, .itemReturned: .merchant
        case .merchantRejected, .partialRefundOffered, .awaitingReturn: .customer
        case .inPlatformReview: .arbitrator
        case .refundApproved: .system
        default: nil
        }
    }
}
