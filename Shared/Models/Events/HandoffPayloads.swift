public import Foundation

/// The hand-off contract (DESIGN §6): what Dispatch tells Intake after the acknowledgement — the merchant's
/// inspection, its proposal, the agreed resolution (from which Returns opens a request or Repairs an order)
/// and an escalation. Dispatch produces them in the merchant-handshake issue; Intake consumes them now, so
/// the case life and timeline are fixed before their producers exist. An event that opens a deadline
/// carries its `dueAt`.

/// What the merchant's inspection found (rules.md §2(b) step 3: the test result may differ from the report).
public enum InspectionOutcome: String, WireEnum, Hashable {
    case faultConfirmed = "fault_confirmed"
    case noFaultFound = "no_fault_found"
    case differsFromReport = "differs_from_report"
}

/// The merchant inspected the item (`AT_MERCHANT`); when it differs from the report the runner phones the
/// customer (`CUSTOMER_CONSULTED`).
public struct InspectionRecorded: EventPayload {
    public static let type = "dispatch.inspection_recorded"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary =
        "The merchant inspected the item: the fault confirmed, none found, or different from the report, with the facts it established (Intake re-judges the case on them)."
    public static var example: Self {
        Self(
            caseID: HandoffExample.caseID,
            merchantID: HandoffExample.merchantID,
            outcome: .differsFromReport,
            findings: "主板供电损坏，非人为",
            establishedFacts: [.functionalFault]
        )
    }

    public let caseID: UUID
    public let merchantID: UUID
    public let outcome: InspectionOutcome
    public let findings: String
    /// Facts the inspection established (rules.md §6 identifiers: `human_damage`, `physical_damage`, …);
    /// `no_fault_found` also rules the reported quality issue out.
    public let establishedFacts: [FactFlag]

    public init(caseID: UUID, merchantID: UUID, outcome: InspectionOutcome, findings: String, establishedFacts: [FactFlag] = []) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.outcome = outcome
        self.findings = findings
        self.establishedFacts = Array(Set(establishedFacts)).sorted()
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, outcome, findings, establishedFacts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            caseID: try c.decodeWireUUID(forKey: .caseId),
            merchantID: try c.decodeWireUUID(forKey: .merchantId),
            outcome: try c.decode(InspectionOutcome.self, forKey: .outcome),
            findings: try c.decode(String.self, forKey: .findings),
            establishedFacts: try c.decodeIfPresent([FactFlag].self, forKey: .establishedFacts) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(findings, forKey: .findings)
        if !establishedFacts.isEmpty { try c.encode(establishedFacts, forKey: .establishedFacts) }
    }
}

/// The merchant proposed a resolution; the customer (or the escalation officer) answers by `dueAt`.
public struct ResolutionProposed: EventPayload {
    public static let type = "dispatch.resolution_proposed"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The merchant proposed a resolution, to be answered by dueAt."
    public static var example: Self {
        Self(caseID: HandoffExample.caseID, merchantID: HandoffExample.merchantID, resolution: .repair, dueAt: HandoffExample.dueAt)
    }

    public let caseID: UUID
    public let merchantID: UUID
    public let resolution: Resolution
    public let dueAt: Date

    public init(caseID: UUID, merchantID: UUID, resolution: Resolution, dueAt: Date) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.resolution = resolution
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, resolution, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        resolution = try c.decode(Resolution.self, forKey: .resolution)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
    }
}

/// A resolution was agreed (`IN_RESOLUTION`): Returns opens a request (refunds, returns, exchanges) or
/// Repairs an order from it. `refund` is the agreed amount when money goes back; `carriedOutBy` says who
/// carries it out and `judgement` is the case's stamped judgement (its resolved rules), so neither asks
/// Intake (both absent only from events of before the handshake).
public struct ResolutionAgreed: EventPayload {
    public static let type = "dispatch.resolution_agreed"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "A resolution was agreed; Returns or Repairs carries it out under the case's stamped judgement."
    public static var example: Self {
        Self(
            caseID: HandoffExample.caseID,
            merchantID: HandoffExample.merchantID,
            resolution: .returnAndRefund,
            refund: .cny(129),
            carriedOutBy: .returns,
            judgement: CaseExample.judgement
        )
    }

    public let caseID: UUID
    public let merchantID: UUID
    public let resolution: Resolution
    public let refund: Money?
    public let carriedOutBy: CarriedOutBy?
    public let judgement: CaseJudgement?

    public init(
        caseID: UUID,
        merchantID: UUID,
        resolution: Resolution,
        refund: Money?,
        carriedOutBy: CarriedOutBy? = nil,
        judgement: CaseJudgement? = nil
    ) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.resolution = resolution
        self.refund = refund
        self.carriedOutBy = carriedOutBy
        self.judgement = judgement
    }

    enum CodingKeys: String, CodingKey { case caseId, merchantId, resolution, refund, carriedOutBy, judgement }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        resolution = try c.decode(Resolution.self, forKey: .resolution)
        refund = try c.decodeIfPresent(Money.self, forKey: .refund)
        carriedOutBy = try c.decodeIfPresent(CarriedOutBy.self, forKey: .carriedOutBy)
        judgement = try c.decodeIfPresent(CaseJudgement.self, forKey: .judgement)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(resolution, forKey: .resolution)
        try c.encodeIfPresent(refund, forKey: .refund)
        try c.encodeIfPresent(carriedOutBy, forKey: .carriedOutBy)
        try c.encodeIfPresent(judgement, forKey: .judgement)
    }
}

/// The merchant stage did not resolve the case (rules.md §2(c) E1/E2): the escalation officer has it, and
/// answers by `dueAt`.
public struct CaseEscalated: EventPayload {
    public static let type = "dispatch.case_escalated"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "dispatch"
    public static let summary = "The case went to the escalation officer, who must act by dueAt."
    public static var example: Self {
        Self(caseID: HandoffExample.caseID, merchantID: HandoffExample.merchantID, reason: "商家缺货超过7天", dueAt: HandoffExample.dueAt)
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

/// The ids and instants the hand-off examples share (the golden envelopes).
enum HandoffExample {
    static let caseID = UUID(uuidString: "019a0c4e-8a00-7000-8000-000000000001")!
    static let merchantID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!
    static let dueAt = Date(timeIntervalSince1970: 1_773_280_800)
}
