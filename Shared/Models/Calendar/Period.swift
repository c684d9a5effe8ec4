/// How a length of time is counted (rules.md §0): calendar days, working days (Mon–Fri, minus holidays,
/// plus make-up working days), calendar months ("1 month" = the same date next month) or exact hours.
public enum PeriodUnit: String, Codable, Sendable, Hashable, CaseIterable {
    case calendarDays = "calendar_days"
    case workingDays = "working_days"
    case calendarMonths = "calendar_months"
    case hours
}

/// Which day is "day 1" of a window opened by event E (rules.md §0, §8 items 13–14).
public enum DayCountingRule: String, Codable, Sendable, Hashable, CaseIterable {
    /// Day 1 is the day after E; the window ends at 23:59:59 of day N (the §0 default, TB-01's wording).
    case dayAfterEvent = "day_after_event"
    /// E itself is day 1 (some stores count the sale day; §8 item 14).
    case eventDayIsDayOne = "event_day_is_day_one"
}

/// A length of time such as "7 working days" or "1 month", with its counting rule.
public struct Period: Codable, Sendable, Hashable {
    public var value: Int
    public var unit: PeriodUnit
    public var counting: DayCountingRule

    public init(_ value: Int, _ unit: PeriodUnit, counting: DayCountingRule = .dayAfterEvent) {
        self.value = value
        self.unit = unit
        self.counting = counting
    }

    public static func days(_ n: Int) -> Period { Period(n, .calendarDays) }
    public static func workingDays(_ n: Int) -> Period { Period(n, .workingDays) }
    public static func months(_ n: Int) -> Period { Period(n, .calendarMonths) }
    public static func hours(_ n: Int) -> Period { Period(n, .hours) }

    enum CodingKeys: String, CodingKey { case value, unit, counting }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(Int.self, forKey: .value)
        unit = try c.decode(PeriodUnit.self, forKey: .unit)
        counting = try c.decodeIfPresent(DayCountingRule.self, forKey: .counting) ?? .dayAfterEvent
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(counting, forKey: .counting)
    }
}
