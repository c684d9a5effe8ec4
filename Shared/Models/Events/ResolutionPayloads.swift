public import Foundation

/// The hand-off contract's other half (DESIGN §6): how Returns and Repairs report carrying out an agreed
/// resolution, for Intake's case life and timeline. Their issues (return requests, the refund ledger, the
/// repair order) produce them; the states are the ones a case needs to know, each with the deadline it
/// opens, if any.

/// Where a return request stands, as far as its case is concerned (rules.md §2(d)).
public enum ReturnRequestStage: String, WireEnum, Hashable {
    /// Submitted; the merchant must answer by `dueAt` (PDD-06: 48 h).
    case opened
    case approved
    case rejected
    /// The customer sent the item back; the merchant must confirm receipt by `dueAt`.
    case itemReturned = "item_returned"
    case withdrawn
}

/// A return request of the case changed stage.
public struct ReturnRequestChanged: EventPayload {
    public static let type = "returns.request_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "returns"
    public static let summary = "A return request of the case changed stage (opened, approved, rejected, item returned, withdrawn)."
    public static var example: Self {
        Self(returnRequestID: ResolutionExample.returnRequestID, caseID: HandoffExample.caseID, stage: .opened, dueAt: HandoffExample.dueAt)
    }

    public let returnRequestID: UUID
    public let caseID: UUID
    public let stage: ReturnRequestStage
    /// The deadline the stage opens (the merchant's answer, its receipt), if any.
    public let dueAt: Date?

    public init(returnRequestID: UUID, caseID: UUID, stage: ReturnRequestStage, dueAt: Date?) {
        self.returnRequestID = returnRequestID
        self.caseID = caseID
        self.stage = stage
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case returnRequestId, caseId, stage, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        returnRequestID = try c.decodeWireUUID(forKey: .returnRequestId)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        stage = try c.decode(ReturnRequestStage.self, forKey: .stage)
        dueAt = try c.contains(.dueAt) ? c.decodeRFC3339(forKey: .dueAt) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(returnRequestID.wireText, forKey: .returnRequestId)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(stage, forKey: .stage)
        try c.encodeIfPresent(dueAt.map(RFC3339.string), forKey: .dueAt)
    }
}

/// The refund of a return request went through (`REFUNDED`): the case is resolved.
public struct RefundCompleted: EventPayload {
    public static let type = "returns.refund_completed"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "returns"
    public static let summary = "The refund of the case's return request went through; the case is resolved."
    public static var example: Self {
        Self(returnRequestID: ResolutionExample.returnRequestID, caseID: HandoffExample.caseID, amount: .cny(129))
    }

    public let returnRequestID: UUID
    public let caseID: UUID
    public let amount: Money

    public init(returnRequestID: UUID, caseID: UUID, amount: Money) {
        self.returnRequestID = returnRequestID
        self.caseID = caseID
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey { case returnRequestId, caseId, amount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        returnRequestID = try c.decodeWireUUID(forKey: .returnRequestId)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        amount = try c.decode(Money.self, forKey: .amount)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(returnRequestID.wireText, forKey: .returnRequestId)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(amount, forKey: .amount)
    }
}

enum ResolutionExample {
    static let returnRequestID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000b1")!
    static let repairOrderID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000c1")!
}
