public import Foundation

/// Appointments of a repair order (rules.md §2(e) smart-home on-site visits, §5 T-33, T-34, T-38; SH-07,
/// SH-14): a workshop bay or a visit booked for a time window, rescheduled with the reason (a missed one
/// too), the technician's arrival and the visit's completion — and the deadlines they open.

/// Where the work is done.
public enum AppointmentKind: String, WireEnum, Hashable {
    /// A bay of the workshop reserved for the customer's visit (预约工位).
    case workshopBay = "workshop_bay"
    /// A technician visits the customer (上门服务).
    case onSite = "on_site"
}

/// What happened to an appointment.
public enum AppointmentStep: String, WireEnum, Hashable {
    case booked
    case rescheduled
    /// Nobody came (the technician or the customer): rescheduled with the reason.
    case missed
    case arrived
    case completed
}

/// An appointment took a step; its case's timeline shows it to the customer.
public struct RepairAppointmentChanged: EventPayload {
    public static let type = "repairs.appointment_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "A repair order's appointment was booked, rescheduled, missed (and rescheduled), or the technician arrived or completed the visit."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            merchantID: nil,
            step: .booked,
            kind: .onSite,
            windowStart: HandoffExample.dueAt,
            windowEnd: HandoffExample.dueAt.addingTimeInterval(7_200),
            agreedCompletion: HandoffExample.dueAt.addingTimeInterval(14_400),
            reason: nil
        )
    }

    public let repairOrderID: UUID
    public let caseID: UUID?
    public let merchantID: UUID?
    public let step: AppointmentStep
    public let kind: AppointmentKind
    /// The window the appointment now has.
    public let windowStart: Date
    public let windowEnd: Date
    /// The completion agreed with the customer (T-38), if any.
    public let agreedCompletion: Date?
    /// Why it was rescheduled or missed.
    public let reason: String?

    public init(
        repairOrderID: UUID,
        caseID: UUID?,
        merchantID: UUID?,
        step: AppointmentStep,
        kind: AppointmentKind,
        windowStart: Date,
        windowEnd: Date,
        agreedCompletion: Date?,
        reason: String?
    ) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.merchantID = merchantID
        self.step = step
        self.kind = kind
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.agreedCompletion = agreedCompletion
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case repairOrderId, caseId, merchantId, step, kind, windowStart, windowEnd, agreedCompletion, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        step = try c.decode(AppointmentStep.self, forKey: .step)
        kind = try c.decode(AppointmentKind.self, forKey: .kind)
        windowStart = try c.decodeRFC3339(forKey: .windowStart)
        windowEnd = try c.decodeRFC3339(forKey: .windowEnd)
        agreedCompletion = try c.decodeRFC3339IfPresent(forKey: .agreedCompletion)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(step, forKey: .step)
        try c.encode(kind, forKey: .kind)
        try c.encode(RFC3339.string(windowStart), forKey: .windowStart)
        try c.encode(RFC3339.string(windowEnd), forKey: .windowEnd)
        try c.encodeIfPresent(agreedCompletion.map(RFC3339.string), forKey: .agreedCompletion)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}

/// An appointment's deadline.
public enum AppointmentDeadlineKind: String, WireEnum, Hashable {
    /// T-33: remind the customer a day (or half a day) before the window.
    case reminder
    /// T-34: a workshop bay was reserved — the workshop supervisor is told the same day (by `dueAt`).
    case bayReserved = "bay_reserved"
    /// T-38, SH-14: the agreed completion is near and the visit is not completed — tell the customer before
    /// it passes, with the reason, and agree a new time.
    case completionAtRisk = "completion_at_risk"
    /// The window ended and nobody recorded an arrival: the desk calls and reschedules (a missed appointment).
    case arrivalOverdue = "arrival_overdue"
}

/// An appointment's deadline fell due: a task for the desk or the supervisor, a message for Notifications.
public struct RepairAppointmentDue: EventPayload {
    public static let type = "repairs.appointment_due"
    public static let schemaVersion = 1
    public static let subjectKind = "repair_order"
    public static let producer = "repairs"
    public static let summary =
        "An appointment's deadline: the reminder before the window, a reserved bay for the supervisor, an agreed completion at risk, an arrival overdue."
    public static var example: Self {
        Self(
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            merchantID: nil,
            kind: .reminder,
            dueAt: HandoffExample.dueAt.addingTimeInterval(-86_400),
            appointmentKind: .onSite,
            windowStart: HandoffExample.dueAt,
            windowEnd: HandoffExample.dueAt.addingTimeInterval(7_200),
            agreedCompletion: nil
        )
    }

    public let repairOrderID: UUID
    public let caseID: UUID?
    public let merchantID: UUID?
    public let kind: AppointmentDeadlineKind
    public let dueAt: Date
    public let appointmentKind: AppointmentKind
    public let windowStart: Date
    public let windowEnd: Date
    public let agreedCompletion: Date?

    public init(
        repairOrderID: UUID,
        caseID: UUID?,
        merchantID: UUID?,
        kind: AppointmentDeadlineKind,
        dueAt: Date,
        appointmentKind: AppointmentKind,
        windowStart: Date,
        windowEnd: Date,
        agreedCompletion: Date?
    ) {
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.merchantID = merchantID
        self.kind = kind
        self.dueAt = dueAt
        self.appointmentKind = appointmentKind
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.agreedCompletion = agreedCompletion
    }

    enum CodingKeys: String, CodingKey {
        case repairOrderId, caseId, merchantId, kind, dueAt, appointmentKind, windowStart, windowEnd, agreedCompletion
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        kind = try c.decode(AppointmentDeadlineKind.self, forKey: .kind)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
        appointmentKind = try c.decode(AppointmentKind.self, forKey: .appointmentKind)
        windowStart = try c.decodeRFC3339(forKey: .windowStart)
        windowEnd = try c.decodeRFC3339(forKey: .windowEnd)
        agreedCompletion = try c.decodeRFC3339IfPresent(forKey: .agreedCompletion)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(kind, forKey: .kind)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
        try c.encode(appointmentKind, forKey: .appointmentKind)
        try c.encode(RFC3339.string(windowStart), forKey: .windowStart)
        try c.encode(RFC3339.string(windowEnd), forKey: .windowEnd)
        try c.encodeIfPresent(agreedCompletion.map(RFC3339.string), forKey: .agreedCompletion)
    }
}
