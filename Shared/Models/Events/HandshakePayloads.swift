public import Foundation

/// The merchant handshake's own events (rules.md §2(b), §2(c)): a merchant chased for a step it let pass,
/// a case handed back to the routing queue, a claim rejected, an item given back. Each names the case and
/// the merchant; a step that opens a deadline carries its `dueAt`.

/// A merchant deadline passed (rules.md §2(b) step 4): the dispatcher phones the merchant; the next chase,
/// or the escalation desk after the last one (§2(c) E2), is due at `dueAt`.
public struct CaseChased: EventPayload {
    public static let type = "dispatch.case_chased"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "A merchant deadline passed and the merchant was chased; the next chase or the escalation is due at dueAt."
    public static var example: Self {
        Self(caseID: HandoffExample.caseID, merchantID: HandoffExample.merchantID, step: .acknowledge, chaseNumber: 1, dueAt: HandoffExample.dueAt)
    }

    public let caseID: UUID
    public let merchantID: UUID
    /// The step the merchant is late with.
    public let step: MerchantStep
    /// 1 for the first chase of this step.
    public let chaseNumber: Int
    public let dueAt: Date

    public init(caseID: UUID, merchantID: UUID, step: MerchantStep, chaseNumber: Int, dueAt: Date) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.step = step
        self.chaseNumber = chaseNumber
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, step, chaseNumber, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        step = try c.decode(MerchantStep.self, forKey: .step)
        chaseNumber = try c.decode(Int.self, forKey: .chaseNumber)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(step, forKey: .step)
        try c.encode(chaseNumber, forKey: .chaseNumber)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
    }
}

/// Why a case left its merchant for the routing queue.
public enum HandBackCause: String, WireEnum, Hashable {
    /// The merchant declined the case.
    case merchantDeclined = "merchant_declined"
    /// The merchant was suspended with the case open.
    case merchantSuspended = "merchant_suspended"
    /// A dispatcher moved the case to another merchant.
    case reassigned
}

/// The case left its merchant and waits in the routing queue for a dispatcher to assign it again; the
/// merchant's deadline is cancelled.
public struct CaseHandedBack: EventPayload {
    public static let type = "dispatch.case_handed_back"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The case left its merchant (declined by it, or the merchant suspended) and waits for a dispatcher to assign it."
    public static var example: Self {
        Self(caseID: HandoffExample.caseID, merchantID: HandoffExample.merchantID, cause: .merchantDeclined, reason: "本店不经营该品牌")
    }

    public let caseID: UUID
    public let merchantID: UUID
    public let cause: HandBackCause
    public let reason: String

    public init(caseID: UUID, merchantID: UUID, cause: HandBackCause, reason: String) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.cause = cause
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, cause, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        cause = try c.decode(HandBackCause.self, forKey: .cause)
        reason = try c.decode(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(cause, forKey: .cause)
        try c.encode(reason, forKey: .reason)
    }
}

/// The merchant rejected the claim after its inspection; the front desk answers by `dueAt` (cancelling
/// the case with the customer's consent, or sending it to the escalation desk).
public struct ClaimRejected: EventPayload {
    public static let type = "dispatch.claim_rejected"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The merchant rejected the claim with a reason; the front desk answers by dueAt."
    public static var example: Self {
        Self(caseID: HandoffExample.caseID, merchantID: HandoffExample.merchantID, reason: "进水损坏，不在保修范围", dueAt: HandoffExample.dueAt)
    }

    public let caseID: UUID
    public let merchantID: UUID
    public let reason: String
    public let dueAt: Date

    public init(caseID: UUID, merchantID: UUID, reason: String, dueAt: Date) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.reason = reason
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, reason, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        reason = try c.decode(String.self, forKey: .reason)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(reason, forKey: .reason)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
    }
}

/// The merchant carried out the agreed resolution and gives the item back (rules.md §2(b) step 5): ready
/// for the runner's pickup, or shipped with a tracking number.
public struct ItemShippedBack: EventPayload {
    public static let type = "dispatch.item_shipped_back"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The merchant carried out the agreed resolution; the item is ready for pickup or shipped back with a tracking number."
    public static var example: Self {
        Self(
            caseID: HandoffExample.caseID,
            merchantID: HandoffExample.merchantID,
            resolution: .repair,
            method: .shipped,
            trackingNumber: "SF1234567890",
            carrier: "顺丰"
        )
    }

    public let caseID: UUID
    public let merchantID: UUID
    public let resolution: Resolution
    public let method: ItemReturnMethod
    public let trackingNumber: String?
    public let carrier: String?

    public init(caseID: UUID, merchantID: UUID, resolution: Resolution, method: ItemReturnMethod, trackingNumber: String?, carrier: String?) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.resolution = resolution
        self.method = method
        self.trackingNumber = trackingNumber
        self.carrier = carrier
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, resolution, method, trackingNumber, carrier }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        resolution = try c.decode(Resolution.self, forKey: .resolution)
        method = try c.decode(ItemReturnMethod.self, forKey: .method)
        trackingNumber = try c.decodeIfPresent(String.self, forKey: .trackingNumber)
        carrier = try c.decodeIfPresent(String.self, forKey: .carrier)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(method, forKey: .method)
        try c.encodeIfPresent(trackingNumber, forKey: .trackingNumber)
        try c.encodeIfPresent(carrier, forKey: .carrier)
    }
}
