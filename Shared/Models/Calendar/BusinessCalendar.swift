public import Foundation

/// A tenant's business calendar: its time zone (default Asia/Shanghai), public holidays, and make-up
/// working days (调休 Saturdays/Sundays that are working days) — DESIGN §6 "Calendars".
public struct BusinessCalendar: Codable, Sendable, Hashable {
    public static let defaultTimeZoneIdentifier = "Asia/Shanghai"

    public var timeZoneIdentifier: String
    /// Days off even when they fall Monday–Friday, kept sorted so the JSON is stable.
    public private(set) var holidays: [LocalDate]
    /// Weekend days that are working days, kept sorted.
    public private(set) var makeUpWorkingDays: [LocalDate]
    // Lookup sets, rebuilt from the arrays; not part of the wire shape.
    private var holidaySet: Set<LocalDate>
    private var makeUpSet: Set<LocalDate>

    public init(
        timeZoneIdentifier: String = BusinessCalendar.defaultTimeZoneIdentifier,
        holidays: [LocalDate] = [],
        makeUpWorkingDays: [LocalDate] = []
    ) {
        self.timeZoneIdentifier = timeZoneIdentifier
        self.holidays = Array(Set(holidays)).sorted()
        self.makeUpWorkingDays = Array(Set(makeUpWorkingDays)).sorted()
        self.holidaySet = Set(holidays)
        self.makeUpSet = Set(makeUpWorkingDays)
    }

    /// Monday–Friday unless a holiday; Saturday/Sunday only when listed as a make-up working day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if makeUpSet.contains(date) { return true }
        if holidaySet.contains(date) { return false }
        return date.isoWeekday <= 5
    }

    /// The local date of an instant in this calendar's zone; an unknown zone identifier falls back to
    /// Asia/Shanghai (validation reports it, see ``violations(path:)``).
    public func localDate(of instant: Date) -> LocalDate {
        let zone = TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: Self.defaultTimeZoneIdentifier)!
        return Self.localDate(of: instant, offsetSeconds: zone.secondsFromGMT(for: instant))
    }

    /// The first instant (00:00 local) of `date` in this calendar's zone.
    public func startOfDay(_ date: LocalDate) -> Date {
        let zone = TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: Self.defaultTimeZoneIdentifier)!
        let utcMidnight = Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400)
        // The offset at local midnight can differ from the one at UTC midnight across a DST change: take the
        // offset that holds at the resulting instant.
        let guess = utcMidnight.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: utcMidnight)))
        return utcMidnight.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: guess)))
    }

    /// The local date of an instant in the zone named by `timeZoneIdentifier`, or nil for an unknown zone.
    public static func localDate(of instant: Date, timeZoneIdentifier: String) -> LocalDate? {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else { return nil }
        return localDate(of: instant, offsetSeconds: zone.secondsFromGMT(for: instant))
    }

    static func localDate(of instant: Date, offsetSeconds: Int) -> LocalDate {
        let seconds = Int((instant.timeIntervalSince1970).rounded(.down)) + offsetSeconds
        // Floor division so instants before 1970 land on the right day.
        let day = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        return LocalDate(dayNumber: day)
    }

    /// Violations of this calendar (unknown zone, a day both holiday and make-up working day).
    public func violations(path: String) -> [FieldViolation] {
        var out: [FieldViolation] = []
        if TimeZone(identifier: timeZoneIdentifier) == nil {
            out.append(FieldViolation(field: "\(path).timeZoneIdentifier", reason: "unknown time zone \(timeZoneIdentifier)"))
        }
        for (i, day) in makeUpWorkingDays.enumerated() where holidaySet.contains(day) {
            out.append(FieldViolation(field: "\(path).makeUpWorkingDays[\(i)]", reason: "\(day) is also listed as a holiday"))
        }
        return out
    }

    enum CodingKeys: String, CodingKey { case timeZoneIdentifier, holidays, makeUpWorkingDays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timeZoneIdentifier: try c.decodeIfPresent(String.self, forKey: .timeZoneIdentifier) ?? Self.defaultTimeZoneIdentifier,
            holidays: try c.decodeIfPresent([LocalDate].self, forKey: .holidays) ?? [],
            makeUpWorkingDays: try c.decodeIfPresent([LocalDate].self, forKey: .makeUpWorkingDays) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(timeZoneIdentifier, forKey: .timeZoneIdentifier)
        try c.encode(holidays, forKey: .holidays)
        try c.encode(makeUpWorkingDays, forKey: .makeUpWorkingDays)
    }
}
