public import Foundation

/// Staff corrected a case before its merchant acknowledged it; the judgement is redone under the stamped
/// policy version with the corrected facts.
public struct CaseUpdated: EventPayload {
    public static let type = "case.updated"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "intake"
    public static let summary =
        "Staff corrected a case before its merchant acknowledged it: the fields changed and the judgement under the stamped policy version."
    public static var example: Self {
        Self(caseID: CaseRegistered.example.caseID, version: 2, changedFields: ["productModel", "reason"], judgement: CaseExample.judgement)
    }

    public let caseID: UUID
    /// The case's version after the change.
    public let version: Int
    /// The request fields that changed (never their values: some are personal data).
    public let changedFields: [String]
    public let judgement: CaseJudgement?

    public init(caseID: UUID, version: Int, changedFields: [String], judgement: CaseJudgement?) {
        self.caseID = caseID
        self.version = version
        self.changedFields = changedFields
        self.judgement = judgement
    }

    enum CodingKeys: String, CodingKey { case caseId, version, changedFields, judgement }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        version = try c.decode(Int.self, forKey: .version)
        changedFields = try c.decode([String].self, forKey: .changedFields)
        judgement = try c.decodeIfPresent(CaseJudgement.self, forKey: .judgement)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(version, forKey: .version)
        try c.encode(changedFields, forKey: .changedFields)
        try c.encodeIfPresent(judgement, forKey: .judgement)
    }
}

/// The case was withdrawn before it was resolved (the customer changed their mind, or it was opened in error).
public struct CaseCancelled: EventPayload {
    public static let type = "case.cancelled"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "intake"
    public static let summary = "The case was withdrawn before it was resolved, with the reason given."
    public static var example: Self {
        Self(caseID: CaseRegistered.example.caseID, merchantID: CaseRegistered.example.merchantID, reason: "顾客自行修好，撤销售后")
    }

    public let caseID: UUID
    public let merchantID: UUID?
    public let reason: String

    public init(caseID: UUID, merchantID: UUID?, reason: String) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        reason = try c.decode(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(reason, forKey: .reason)
    }
}

/// New facts (the merchant's inspection) changed the policy's judgement of the case, under the policy
/// version stamped at registration.
public struct CaseDecisionRevised: EventPayload {
    public static let type = "case.decision_revised"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "intake"
    public static let summary = "New facts (the merchant's inspection) changed the case's judgement under its stamped policy version."
    public static var example: Self {
        Self(caseID: CaseRegistered.example.caseID, previousStatus: .eligible, judgement: CaseExample.judgement, cause: CaseExample.causeID)
    }

    public let caseID: UUID
    public let previousStatus: OptionStatus?
    public let judgement: CaseJudgement
    /// The event whose facts caused the revision.
    public let cause: UUID

    public init(caseID: UUID, previousStatus: OptionStatus?, judgement: CaseJudgement, cause: UUID) {
        self.caseID = caseID
        self.previousStatus = previousStatus
        self.judgement = judgement
        self.cause = cause
    }

    enum CodingKeys: String, CodingKey { case caseId, previousStatus, judgement, causeEventId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        previousStatus = try c.decodeIfPresent(OptionStatus.self, forKey: .previousStatus)
        judgement = try c.decode(CaseJudgement.self, forKey: .judgement)
        cause = try c.decodeWireUUID(forKey: .causeEventId)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encodeIfPresent(previousStatus, forKey: .previousStatus)
        try c.encode(judgement, forKey: .judgement)
        try c.encode(cause.wireText, forKey: .causeEventId)
    }
}

extension CaseExample {
    static let causeID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000e5")!
}
