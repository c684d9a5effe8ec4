public import Foundation

/// The hand-off contract's other half (DESIGN §6): how Returns and Repairs report carrying out an agreed
/// resolution, for Intake's case life and timeline. Their issues (return requests, the refund ledger, the
/// repair order) produce them; the states are the ones a case needs to know, each with the deadline it
/// opens, if any.

/// Where a return request stands, as far as its case is concerned (rules.md §2(d)).
public enum ReturnRequestStage: String, WireEnum, Hashable {
    /// Submitted; the merchant must answer by `dueAt` (PDD-06: 48 h).
    case opened
    /// Before the platform's arbitrator (PDD-04, or the customer asked for review).
    case inReview = "in_review"
    /// Approved: a refund decided, a return awaited by `dueAt`, or a replacement due.
    case approved
    /// The merchant rejected it or offered less; the customer reacts by `dueAt`.
    case rejected
    /// The customer sent the item back; the merchant must confirm receipt by `dueAt`.
    case itemReturned = "item_returned"
    /// The arbitrator supported the merchant.
    case refused
    /// The customer let a step lapse (`user_overdue`); a new request stays possible inside the validity.
    case lapsed
    case withdrawn

    /// The stage of a request's status.
    public init(_ status: ReturnRequestStatus) {
        switch status {
        case .requested: self = .opened
        case .inPlatformReview: self = .inReview
        case .merchantRejected, .partialRefundOffered: self = .rejected
        case .awaitingReturn, .refundApproved, .replacementDue, .refunded: self = .approved
        case .itemReturned: self = .itemReturned
        case .refused: self = .refused
        case .userOverdue: self = .lapsed
        case .withdrawn: self = .withdrawn
        }
    }
}

/// A return request changed: every step of its life (rules.md §2(d)), with the status it reached, the stage
/// its case follows, and the deadline that now runs.
public struct ReturnRequestChanged: EventPayload {
    public static let type = "returns.request_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "returns"
    public static let summary =
        "A return request of the case took a step (submitted, approved, rejected, returned, reviewed, lapsed, withdrawn…): its status, the case's stage and the deadline now running."
    public static var example: Self {
        Self(
            returnRequestID: ResolutionExample.returnRequestID,
            caseID: HandoffExample.caseID,
            merchantID: HandoffExample.merchantID,
            type: .refundOnly,
            status: .requested,
            step: "submitted",
            dueAt: HandoffExample.dueAt
        )
    }

    public let returnRequestID: UUID
    public let caseID: UUID
    public let merchantID: UUID
    public let type: ReturnType
    public let status: ReturnRequestStatus
    /// lower_snake: `submitted`, `approved`, `rejected`, `merchant_answer_timed_out`, `return_shipped`, …
    public let step: String
    /// The deadline the status opens (the merchant's answer, the customer's reaction, its receipt), if any.
    public let dueAt: Date?

    /// The stage the case follows.
    public var stage: ReturnRequestStage { ReturnRequestStage(status) }

    public init(returnRequestID: UUID, caseID: UUID, merchantID: UUID, type: ReturnType, status: ReturnRequestStatus, step: String, dueAt: Date?) {
        self.returnRequestID = returnRequestID
        self.caseID = caseID
        self.merchantID = merchantID
        self.type = type
        self.status = status
        self.step = step
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case returnRequestId, caseId, merchantId, type, status, stage, step, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        returnRequestID = try c.decodeWireUUID(forKey: .returnRequestId)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        type = try c.decode(ReturnType.self, forKey: .type)
        status = try c.decode(ReturnRequestStatus.self, forKey: .status)
        step = try c.decode(String.self, forKey: .step)
        dueAt = try c.contains(.dueAt) ? c.decodeRFC3339(forKey: .dueAt) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(returnRequestID.wireText, forKey: .returnRequestId)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(type, forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encode(stage, forKey: .stage)
        try c.encode(step, forKey: .step)
        try c.encodeIfPresent(dueAt.map(RFC3339.string), forKey: .dueAt)
    }
}

enum ResolutionExample {
    static let returnRequestID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000b1")!
    static let repairOrderID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000c1")!
}
