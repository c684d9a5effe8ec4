public import Foundation

/// The fields Dispatch's case events share: the case, the merchant it waits on, and the time the merchant
/// must answer by (rules.md §5 T-01/T-02: 48 h unless the tenant's policy says otherwise).
public struct MerchantCaseFields: Sendable, Equatable, Codable {
    public let caseID: UUID
    public let merchantID: UUID
    public let respondBy: Date

    public init(caseID: UUID, merchantID: UUID, respondBy: Date) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.respondBy = respondBy
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, respondBy }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        respondBy = try c.decodeRFC3339(forKey: .respondBy)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(RFC3339.string(respondBy), forKey: .respondBy)
    }

    static var example: MerchantCaseFields {
        MerchantCaseFields(
            caseID: UUID(uuidString: "019a0c4e-8a00-7000-8000-000000000001")!,
            merchantID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!,
            respondBy: Date(timeIntervalSince1970: 1_773_280_800)
        )
    }
}

/// Dispatch queued a registered case for its merchant (rules.md §2(b) step 1, `DISPATCHED_TO_MERCHANT`);
/// the merchant must acknowledge by `respondBy`.
public struct CaseQueuedForMerchant: EventPayload {
    public static let type = "dispatch.case_queued"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "Dispatch queued the case for its merchant, who must acknowledge it by respondBy."
    public static var example: Self { Self(MerchantCaseFields.example) }

    public let fields: MerchantCaseFields
    public init(_ fields: MerchantCaseFields) { self.fields = fields }
    public init(from decoder: any Decoder) throws { fields = try MerchantCaseFields(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}

/// The merchant acknowledged the case in time (`AT_MERCHANT`); its response timer is cancelled.
public struct CaseAcknowledgedByMerchant: EventPayload {
    public static let type = "dispatch.case_acknowledged"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The merchant acknowledged the case before its response deadline."
    public static var example: Self { Self(MerchantCaseFields.example) }

    public let fields: MerchantCaseFields
    public init(_ fields: MerchantCaseFields) { self.fields = fields }
    public init(from decoder: any Decoder) throws { fields = try MerchantCaseFields(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}

/// The merchant did not acknowledge by `respondBy` (rules.md §5 T-01/T-02): the case needs the escalation
/// officer (§2(c)).
public struct MerchantResponseOverdue: EventPayload {
    public static let type = "dispatch.merchant_response_overdue"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The merchant did not acknowledge the case by respondBy; it goes to escalation."
    public static var example: Self { Self(MerchantCaseFields.example) }

    public let fields: MerchantCaseFields
    public init(_ fields: MerchantCaseFields) { self.fields = fields }
    public init(from decoder: any Decoder) throws { fields = try MerchantCaseFields(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}
