import Foundation

/// One year of a tenant's holiday calendar: the public holidays and the 调休 make-up working days the
/// State Council publishes for that year (rules.md §0).
public struct CalendarYear: Codable, Sendable, Hashable {
    public var year: Int
    public var holidays: [LocalDate]
    public var makeUpWorkingDays: [LocalDate]

    public init(year: Int, holidays: [LocalDate] = [], makeUpWorkingDays: [LocalDate] = []) {
        self.year = year
        self.holidays = holidays
        self.makeUpWorkingDays = makeUpWorkingDays
    }

    enum CodingKeys: String, CodingKey { case year, holidays, makeUpWorkingDays }
}

/// Opening hours of the tenant's after-sales desk, local time, `HH:mm`.
public struct BusinessHours: Codable, Sendable, Hashable {
    public var opens: String
    public var closes: String

    public init(opens: String = "09:00", closes: String = "18:00") {
        self.opens = opens
        self.closes = closes
    }

    /// Minutes after local midnight, nil unless `HH:mm` with HH 00–23 and mm 00–59.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    enum CodingKeys: String, CodingKey { case opens, closes }
}

/// A tenant's settings, owned by Intake (DESIGN §6): its name, time zone, holiday calendar and business
/// hours. The services that count days keep a copy from `tenant.settings_changed`.
public struct TenantSettings: Codable, Sendable, Hashable {
    public static let maxNameLength = 100

    public var name: String
    /// An IANA zone (`Asia/Shanghai`); "today" and every day count of the tenant use it.
    public var timeZone: String
    public var calendarYears: [CalendarYear]
    public var businessHours: BusinessHours

    public init(
        name: String,
        timeZone: String = BusinessCalendar.defaultTimeZoneIdentifier,
        calendarYears: [CalendarYear] = [],
        businessHours: BusinessHours = BusinessHours()
    ) {
        self.name = name
        self.timeZone = timeZone
        self.calendarYears = calendarYears.sorted { $0.year < $1.year }
        self.businessHours = businessHours
    }

    /// The calendar the policy engine and the timers count with.
    public var calendar: BusinessCalendar {
        BusinessCalendar(
            timeZoneIdentifier: timeZone,
            holidays: calendarYears.flatMap(\.holidays),
            makeUpWorkingDays: calendarYears.flatMap(\.makeUpWorkingDays)
        )
    }

    /// Every problem at once, each naming its field under `path` (`settings.timeZone`).
    public func violations(path: String = "") -> [FieldViolation] {
        var out: [FieldViolation] = []
        let prefix = path.isEmpty ? "" : path + "."
        func bad(_ field: String, _ reason: String) { out.append(FieldViolation(field: prefix + field, reason: reason)) }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { bad("name", "must not be blank") }
        if name.count > Self.maxNameLength { bad("name", "must be at most \(Self.maxNameLength) characters") }
        if TimeZone(identifier: timeZone) == nil || timeZone.isEmpty {
            bad("timeZone", "unknown time zone \(timeZone); use an IANA name such as Asia/Shanghai")
        }
        var years = Set<Int>()
        for (i, year) in calendarYears.enumerated() {
            let path = "calendarYears[\(i)]"
            if !(2000...2100).contains(year.year) { bad("\(path).year", "must be 2000…2100") }
            if !years.insert(year.year).inserted { bad("\(path).year", "\(year.year) is listed twice") }
            for (j, day) in year.holidays.enumerated() where day.year != year.year {
                bad("\(path).holidays[\(j)]", "\(day) is not in \(year.year)")
            }
            for (j, day) in year.makeUpWorkingDays.enumerated() {
                if day.year != year.year { bad("\(path).makeUpWorkingDays[\(j)]", "\(day) is not in \(year.year)") }
                if day.isoWeekday <= 5 {
                    bad("\(path).makeUpWorkingDays[\(j)]", "\(day) is a weekday; a make-up working day is a Saturday or Sunday")
                }
                if year.holidays.contains(day) { bad("\(path).makeUpWorkingDays[\(j)]", "\(day) is also a holiday") }
            }
            if year.holidays.count > 366 { bad("\(path).holidays", "at most 366 days") }
            if year.makeUpWorkingDays.count > 104 { bad("\(path).makeUpWorkingDays", "at most 104 days") }
        }
        if calendarYears.count > 101 { bad("calendarYears", "at most 101 years") }
        let opens = BusinessHours.minutes(businessHours.opens)
        let closes = BusinessHours.minutes(businessHours.closes)
        if opens == nil { bad("businessHours.opens", "must be HH:mm, e.g. 09:00") }
        if closes == nil { bad("businessHours.closes", "must be HH:mm, e.g. 18:00") }
        if let opens, let closes, closes <= opens { bad("businessHours.closes", "must be after opens") }
        return out
    }

    /// The settings with blank-trimmed name and sorted, de-duplicated days; throws every violation at once.
    public func validated(path: String = "") throws(ErrorBody) -> TenantSettings {
        var clean = self
        clean.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.calendarYears = calendarYears.map {
            CalendarYear(year: $0.year, holidays: Array(Set($0.holidays)).sorted(), makeUpWorkingDays: Array(Set($0.makeUpWorkingDays)).sorted())
        }
        let violations = clean.violations(path: path)
        if !violations.isEmpty { throw ErrorBody.invalidArgument(violations) }
        return clean
    }

    enum CodingKeys: String, CodingKey { case name, timeZone, calendarYears, businessHours }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone) ?? BusinessCalendar.defaultTimeZoneIdentifier,
            calendarYears: try c.decodeIfPresent([CalendarYear].self, forKey: .calendarYears) ?? [],
            businessHours: try c.decodeIfPresent(BusinessHours.self, forKey: .businessHours) ?? BusinessHours()
        )
    }
}
