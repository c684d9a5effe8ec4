public import Foundation

/// What a repair means for its case (rules.md §2(e) repair records, §3.5, §3.6): the days the item was away
/// (FN-01 pauses the 三包 clock), how often the same fault was repaired (DS-04 D, FN-05), and the policy's
/// repair timers that ran out (T-15, T-20). Intake follows them: it extends the windows of a case whose
/// stamped policy pauses them, and judges the case again under the same policy version.

/// The repair record (维修记录) of an order for its case, as it stands: sent when the order is registered
/// (the repair is submitted), when the item is received, when the fault is diagnosed and when the item goes
/// back to the customer. Each carries the whole record, so a repeat or an older one arriving late is harmless.
public struct RepairRecorded: EventPayload {
    public static let type = "repairs.repair_recorded"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "A case's repair record as it stands: submitted, received, returned, the days away (which pause a 三包 clock) and the repairs of the same fault on the item."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            merchantID: nil,
            submittedOn: LocalDate(year: 2026, month: 3, day: 10)!,
            receivedOn: LocalDate(year: 2026, month: 3, day: 11)!,
            returnedOn: LocalDate(year: 2026, month: 3, day: 21)!,
            daysAway: 10,
            faultCode: "frame_joint_loose",
            sameFaultRepairs: 2,
            exchangedOn: nil
        )
    }

    public let repairOrderID: UUID
    public let caseID: UUID
    public let merchantID: UUID?
    /// The day the repair was submitted (报修: the order registered), in the tenant's calendar.
    public let submittedOn: LocalDate
    /// The day the item was received for repair (checked in).
    public let receivedOn: LocalDate?
    /// The day the item went back to the customer (handed over, or returned unrepaired).
    public let returnedOn: LocalDate?
    /// Calendar days from receipt to return (to today while the item is still away).
    public let daysAway: Int
    /// The diagnosed fault, lower_snake, when the technician named one.
    public let faultCode: String?
    /// Repairs of this fault on this item that were handed back, this one included once it is.
    public let sameFaultRepairs: Int
    /// The day a replacement was handed over instead of the repaired item (an exchange, FN-09: the 三包
    /// period restarts on it).
    public let exchangedOn: LocalDate?

    public init(
        repairOrderID: UUID,
        caseID: UUID,
        merchantID: UUID?,
        submittedOn: LocalDate,
        receivedOn: LocalDate?,
        returnedOn: LocalDate?,
        daysAway: Int,
        faultCode: String?,
        sameFaultRepairs: Int,
        exchangedOn: LocalDate?
    ) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.merchantID = merchantID
        self.submittedOn = submittedOn
        self.receivedOn = receivedOn
        self.returnedOn = returnedOn
        self.daysAway = daysAway
        self.faultCode = faultCode
        self.sameFaultRepairs = sameFaultRepairs
        self.exchangedOn = exchangedOn
    }

    enum CodingKeys: String, CodingKey {
        case repairOrderId, caseId, merchantId, submittedOn, receivedOn, returnedOn, daysAway, faultCode, sameFaultRepairs, exchangedOn
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        submittedOn = try c.decode(LocalDate.self, forKey: .submittedOn)
        receivedOn = try c.decodeIfPresent(LocalDate.self, forKey: .receivedOn)
        returnedOn = try c.decodeIfPresent(LocalDate.self, forKey: .returnedOn)
        daysAway = try c.decode(Int.self, forKey: .daysAway)
        faultCode = try c.decodeIfPresent(String.self, forKey: .faultCode)
        sameFaultRepairs = try c.decode(Int.self, forKey: .sameFaultRepairs)
        exchangedOn = try c.decodeIfPresent(LocalDate.self, forKey: .exchangedOn)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(submittedOn, forKey: .submittedOn)
        try c.encodeIfPresent(receivedOn, forKey: .receivedOn)
        try c.encodeIfPresent(returnedOn, forKey: .returnedOn)
        try c.encode(daysAway, forKey: .daysAway)
        try c.encodeIfPresent(faultCode, forKey: .faultCode)
        try c.encode(sameFaultRepairs, forKey: .sameFaultRepairs)
        try c.encodeIfPresent(exchangedOn, forKey: .exchangedOn)
    }
}

/// A repair timer of the case's stamped policy ran out with the repair not done: T-15 (a shoe repair past a
/// week: the supervisor is alerted), T-20 (a furniture repair past 30 days: a free exchange is due, FN-06).
public struct RepairTimerExpired: EventPayload {
    public static let type = "repairs.repair_timer_expired"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "A repair timer of the case's policy ran out before the repair was done: what follows (a free exchange due, a supervisor alerted) and the rules."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            merchantID: nil,
            name: "repair_completion",
            ruleIds: ["FN-06", "T-20"],
            onExpiry: .freeExchangeDue,
            dueAt: HandoffExample.dueAt
        )
    }

    public let repairOrderID: UUID
    public let caseID: UUID
    public let merchantID: UUID?
    /// The policy's timer (`repair_completion`).
    public let name: String
    public let ruleIds: [String]
    public let onExpiry: TimerExpiry
    public let dueAt: Date

    public init(repairOrderID: UUID, caseID: UUID, merchantID: UUID?, name: String, ruleIds: [String], onExpiry: TimerExpiry, dueAt: Date) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.merchantID = merchantID
        self.name = name
        self.ruleIds = ruleIds
        self.onExpiry = onExpiry
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey { case repairOrderId, caseId, merchantId, name, ruleIds, onExpiry, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        name = try c.decode(String.self, forKey: .name)
        ruleIds = try c.decode([String].self, forKey: .ruleIds)
        onExpiry = try c.decode(TimerExpiry.self, forKey: .onExpiry)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(name, forKey: .name)
        try c.encode(ruleIds, forKey: .ruleIds)
        try c.encode(onExpiry, forKey: .onExpiry)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
    }
}
