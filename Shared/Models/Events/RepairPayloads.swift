public import Foundation

/// Repairs' events (rules.md §2(e)): each step of a repair order — which Intake's case life and timeline
/// follow — and what Parts must do for it: hold the quoted parts when the quote is accepted, and consume or
/// release them when the order ends.

/// Where a repair order stands, as far as its case is concerned (rules.md §2(e)).
public enum RepairOrderStage: String, WireEnum, Hashable {
    case opened
    case diagnosed
    case awaitingParts = "awaiting_parts"
    case repaired
    /// Handed back to the customer: the case is resolved.
    case returnedToCustomer = "returned_to_customer"
    case cancelled
}

/// A repair order took a step; `stage` is what its case reads from it, `status` the order's own state.
public struct RepairOrderChanged: EventPayload {
    public static let type = "repairs.order_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary = "A repair order took a step (its status); stage returned_to_customer resolves its case."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            merchantID: HandoffExample.merchantID,
            stage: .awaitingParts,
            status: .awaitingParts,
            step: "parts_short",
            dueAt: HandoffExample.dueAt
        )
    }

    public let repairOrderID: UUID
    /// Absent for a walk-in repair with no case.
    public let caseID: UUID?
    /// The merchant performing the repair; absent for the tenant's own workshop.
    public let merchantID: UUID?
    public let stage: RepairOrderStage
    public let status: RepairOrderStatus
    /// The step taken, lower_snake (`checked_in`, `quoted`, `quote_accepted`, `extra_work_reported`, …).
    public let step: String
    /// The deadline the step opens (the promised completion), if any.
    public let dueAt: Date?

    public init(
        repairOrderID: UUID,
        caseID: UUID?,
        merchantID: UUID? = nil,
        stage: RepairOrderStage,
        status: RepairOrderStatus,
        step: String,
        dueAt: Date?
    ) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.merchantID = merchantID
        self.stage = stage
        self.status = status
        self.step = step
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case repairOrderId, caseId, merchantId, stage, status, step, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        stage = try c.decode(RepairOrderStage.self, forKey: .stage)
        status = try c.decode(RepairOrderStatus.self, forKey: .status)
        step = try c.decode(String.self, forKey: .step)
        dueAt = try c.decodeRFC3339IfPresent(forKey: .dueAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(stage, forKey: .stage)
        try c.encode(status, forKey: .status)
        try c.encode(step, forKey: .step)
        try c.encodeIfPresent(dueAt.map(RFC3339.string), forKey: .dueAt)
    }
}

/// One part a repair needs from stock.
public struct RepairPartLine: Sendable, Equatable, Codable {
    public let partID: UUID
    public let locationID: UUID
    public let quantity: Int

    public init(partID: UUID, locationID: UUID, quantity: Int) {
        self.partID = partID
        self.locationID = locationID
        self.quantity = quantity
    }

    enum CodingKeys: String, CodingKey { case partId, locationId, quantity }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partID = try c.decodeWireUUID(forKey: .partId)
        locationID = try c.decodeWireUUID(forKey: .locationId)
        quantity = try c.decode(Int.self, forKey: .quantity)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(partID.wireText, forKey: .partId)
        try c.encode(locationID.wireText, forKey: .locationId)
        try c.encode(quantity, forKey: .quantity)
    }
}

/// A repair order's whole need from stock, per part and location — sent when the quote is accepted, extra work
/// approved, an awaited part arrives or a hold expires: Parts holds what it does not yet hold, fit or await
/// for the order, and files a requisition for what it cannot hold — Repairs follows both from Parts' events.
/// Asking again is therefore harmless.
public struct RepairPartsRequested: EventPayload {
    public static let type = "repairs.parts_requested"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "A repair order's whole need from stock: Parts holds what is missing for it, or files a requisition for what it cannot hold."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            deviceModel: "ThinkPad X1 Carbon",
            faultCause: "主板供电损坏",
            holdHours: 720,
            lines: [RepairPartLine(partID: PartsExample.partID, locationID: PartsExample.locationID, quantity: 1)]
        )
    }

    public let repairOrderID: UUID
    public let caseID: UUID?
    /// For a requisition: the device the part is for, and why (rules.md §2(f) 1–2).
    public let deviceModel: String
    public let faultCause: String
    /// How long Parts holds the units unless they are consumed.
    public let holdHours: Int
    public let lines: [RepairPartLine]

    public init(repairOrderID: UUID, caseID: UUID?, deviceModel: String, faultCause: String, holdHours: Int, lines: [RepairPartLine]) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.deviceModel = deviceModel
        self.faultCause = faultCause
        self.holdHours = holdHours
        self.lines = lines
    }

    enum CodingKeys: String, CodingKey { case repairOrderId, caseId, deviceModel, faultCause, holdHours, lines }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        deviceModel = try c.decode(String.self, forKey: .deviceModel)
        faultCause = try c.decode(String.self, forKey: .faultCause)
        holdHours = try c.decode(Int.self, forKey: .holdHours)
        lines = try c.decode([RepairPartLine].self, forKey: .lines)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encode(deviceModel, forKey: .deviceModel)
        try c.encode(faultCause, forKey: .faultCause)
        try c.encode(holdHours, forKey: .holdHours)
        try c.encode(lines, forKey: .lines)
    }
}

/// What becomes of the parts held for a repair order when it ends.
public enum RepairPartsOutcome: String, WireEnum, Hashable {
    /// Fitted: the order passed quality control; the held units are consumed (into the device's serial).
    case fitted
    /// Not needed: the quote was declined or the order cancelled; the held units are released and the
    /// order's requisitions not yet ordered are cancelled.
    case unused
}

/// A repair order ended its use of parts: Parts consumes or releases everything still held for it.
public struct RepairPartsSettled: EventPayload {
    public static let type = "repairs.parts_settled"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "A repair order's held parts were fitted (consumed, recorded against the device's serial) or are not needed (released)."
    public static var example: Self {
        Self(repairOrderID: ResolutionExample.repairOrderID, outcome: .fitted, serialNumber: "PF3ABCD1", reason: nil)
    }

    public let repairOrderID: UUID
    public let outcome: RepairPartsOutcome
    /// The device the parts went into (a replacement is recorded for quality tracking, rules.md §2(f) 6).
    public let serialNumber: String?
    public let reason: String?

    public init(repairOrderID: UUID, outcome: RepairPartsOutcome, serialNumber: String?, reason: String?) {
        self.repairOrderID = repairOrderID
        self.outcome = outcome
        self.serialNumber = serialNumber
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case repairOrderId, outcome, serialNumber, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        outcome = try c.decode(RepairPartsOutcome.self, forKey: .outcome)
        serialNumber = try c.decodeIfPresent(String.self, forKey: .serialNumber)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encode(outcome, forKey: .outcome)
        try c.encodeIfPresent(serialNumber, forKey: .serialNumber)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}

/// A repair-side deadline of rules.md §5 that fell due.
public enum RepairDeadlineKind: String, WireEnum, Hashable {
    /// T-25/T-26 (WS-10): ask the workshop — or the manufacturer — how the repair goes, by `checkBy`.
    case progressCheck = "progress_check"
    /// T-24 (WS-11): tell the customer the item is ready to collect, before the promised completion.
    case pickupNotice = "pickup_notice"
    /// T-24: the repair will be late; tell the customer, with the reason and an apology, at the same lead time.
    case delayNotice = "delay_notice"
}

/// A repair order's deadline fell due: the front desk has a task, Notifications a message to send.
public struct RepairDeadlineDue: EventPayload {
    public static let type = "repairs.deadline_due"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "A repair order's deadline fell due: a progress check (by checkBy), the pickup notice before the promised completion, or a delay notice when the promise moved later."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            merchantID: nil,
            kind: .delayNotice,
            dueAt: HandoffExample.dueAt,
            promisedBy: HandoffExample.dueAt.addingTimeInterval(86_400),
            checkBy: nil,
            previousPromisedBy: HandoffExample.dueAt.addingTimeInterval(3_600)
        )
    }

    public let repairOrderID: UUID
    public let caseID: UUID?
    public let merchantID: UUID?
    public let kind: RepairDeadlineKind
    public let dueAt: Date
    /// The promised completion as it stands.
    public let promisedBy: Date
    /// A progress check: by when it must be done (80 % of the duration, or the promise at a manufacturer).
    public let checkBy: Date?
    /// A delay notice: the promise the customer was given before.
    public let previousPromisedBy: Date?

    public init(
        repairOrderID: UUID,
        caseID: UUID?,
        merchantID: UUID?,
        kind: RepairDeadlineKind,
        dueAt: Date,
        promisedBy: Date,
        checkBy: Date?,
        previousPromisedBy: Date?
    ) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.merchantID = merchantID
        self.kind = kind
        self.dueAt = dueAt
        self.promisedBy = promisedBy
        self.checkBy = checkBy
        self.previousPromisedBy = previousPromisedBy
    }

    enum CodingKeys: String, CodingKey { case repairOrderId, caseId, merchantId, kind, dueAt, promisedBy, checkBy, previousPromisedBy }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        kind = try c.decode(RepairDeadlineKind.self, forKey: .kind)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
        promisedBy = try c.decodeRFC3339(forKey: .promisedBy)
        checkBy = try c.decodeRFC3339IfPresent(forKey: .checkBy)
        previousPromisedBy = try c.decodeRFC3339IfPresent(forKey: .previousPromisedBy)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(kind, forKey: .kind)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
        try c.encode(RFC3339.string(promisedBy), forKey: .promisedBy)
        try c.encodeIfPresent(checkBy.map(RFC3339.string), forKey: .checkBy)
        try c.encodeIfPresent(previousPromisedBy.map(RFC3339.string), forKey: .previousPromisedBy)
    }
}
