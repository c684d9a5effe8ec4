public import Foundation
public import Models

/// An appointment of a repair order (rules.md §2(e) smart-home visits, §5 T-33, T-34, T-38; SH-07): a workshop
/// bay or an on-site visit for a time window, the technician's arrival and the visit's completion; when it is
/// rescheduled — missed or not — it is kept with the reason.
public struct Appointment: Sendable, Equatable, Codable {
    public var kind: AppointmentKind
    public var windowStart: Date
    public var windowEnd: Date
    /// Where the technician goes (on site).
    public var address: String?
    /// The workshop bay reserved (workshop).
    public var bay: String?
    public var technician: String?
    /// The completion agreed with the customer (T-38).
    public var agreedCompletion: Date?
    public var bookedAt: Date
    public var bookedBy: String
    public var arrivedAt: Date?
    public var completedAt: Date?
    /// When it was replaced: `rescheduled` or `missed`, why and when.
    public var outcome: AppointmentStep?
    public var reason: String?
    public var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case kind, windowStart, windowEnd, address, bay, technician, agreedCompletion, bookedAt, bookedBy, arrivedAt, completedAt, outcome
        case reason, endedAt
    }
}

/// The rules of appointments, pure: what a booking must say, and which deadlines it opens.
public enum AppointmentRules {
    /// The longest window a customer is asked to wait in.
    public static let maxWindow: TimeInterval = 12 * 3_600
    /// How far ahead a booking may be made.
    public static let maxAhead: TimeInterval = 180 * 86_400

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var kind: AppointmentKind
        public var windowStart: Date
        public var windowEnd: Date
        public var address: String?
        public var bay: String?
        public var technician: String?
        public var agreedCompletion: Date?

        public init(
            kind: AppointmentKind,
            windowStart: Date,
            windowEnd: Date,
            address: String? = nil,
            bay: String? = nil,
            technician: String? = nil,
            agreedCompletion: Date? = nil
        ) {
            self.kind = kind
            self.windowStart = windowStart
            self.windowEnd = windowEnd
            self.address = address
            self.bay = bay
            self.technician = technician
            self.agreedCompletion = agreedCompletion
        }
    }

    /// - Returns: the appointment booked at `now` by `actor`, or every field at fault.
    public static func validate(_ draft: Draft, now: Date, by actor: String) -> Result<Appointment, ErrorBody> {
        var checks = FieldChecks()
        if draft.windowStart <= now { checks.fail("windowStart", "must be in the future") }
        if draft.windowStart.timeIntervalSince(now) > maxAhead { checks.fail("windowStart", "must be within 180 days") }
        if draft.windowEnd <= draft.windowStart {
            checks.fail("windowEnd", "must be after windowStart")
        } else if draft.windowEnd.timeIntervalSince(draft.windowStart) > maxWindow {
            checks.fail("windowEnd", "the window is at most 12 hours")
        }
        let address = checks.optionalText(draft.address, "address", max: 500)
        let bay = checks.optionalText(draft.bay, "bay", max: 50)
        let technician = checks.optionalText(draft.technician, "technician", max: 100)
        switch draft.kind {
        case .onSite where address == nil: checks.fail("address", "an on-site visit gives the address")
        case .workshopBay where bay == nil: checks.fail("bay", "a workshop booking names the bay reserved")
        default: break
        }
        if let agreed = draft.agreedCompletion, agreed < draft.windowEnd {
            checks.fail("agreedCompletion", "must not be before windowEnd")
        }
        if let error = checks.error { return .failure(error) }
        return .success(
            Appointment(
                kind: draft.kind,
                windowStart: draft.windowStart,
                windowEnd: draft.windowEnd,
                address: draft.kind == .onSite ? address : nil,
                bay: draft.kind == .workshopBay ? bay : nil,
                technician: technician,
                agreedCompletion: draft.agreedCompletion,
                bookedAt: now,
                bookedBy: actor
            )
        )
    }

    /// T-33: the reminder a day before the window, or half a day when booked less than a day ahead; none when
    /// booked less than half a day ahead (the customer was just told).
    public static func reminder(bookedAt: Date, windowStart: Date) -> Date? {
        for lead in [86_400.0, 43_200.0] where windowStart.addingTimeInterval(-lead) > bookedAt {
            return windowStart.addingTimeInterval(-lead)
        }
        return nil
    }

    /// The appointment's deadlines still ahead of `now`: the reminder (T-33), the arrival overdue at the
    /// window's end, and — with an agreed completion — the notice before it passes (T-38, at T-24's lead).
    public static func deadlines(of appointment: Appointment, now: Date) -> [AppointmentDeadlineKind: Date] {
        var due: [AppointmentDeadlineKind: Date] = [:]
        if appointment.arrivedAt == nil {
            if let reminder = reminder(bookedAt: appointment.bookedAt, windowStart: appointment.windowStart), reminder > now {
                due[.reminder] = reminder
            }
            if appointment.windowEnd > now { due[.arrivalOverdue] = appointment.windowEnd }
        }
        if appointment.completedAt == nil, let agreed = appointment.agreedCompletion {
            let notice = agreed.addingTimeInterval(-RepairDeadlines.noticeLead(start: appointment.windowStart, promise: agreed))
            if notice > now { due[.completionAtRisk] = notice }
        }
        return due
    }

    /// Whether a deadline of `kind` still applies to the appointment when it falls due.
    public static func stillApplies(_ kind: AppointmentDeadlineKind, to appointment: Appointment) -> Bool {
        switch kind {
        case .reminder, .arrivalOverdue: appointment.arrivedAt == nil
        case .completionAtRisk: appointment.completedAt == nil
        case .bayReserved: true
        }
    }
}
