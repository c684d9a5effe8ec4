public import Foundation

/// Hours of the customer's day when no message is sent (local time of the tenant): a message due inside
/// them is postponed to their end, never dropped. `start` after `end` spans midnight (21:00–08:00).
public struct QuietHours: Codable, Sendable, Hashable {
    /// `HH:mm`.
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    /// The platform's default: nothing between 21:00 and 08:00.
    public static let standard = QuietHours(start: "21:00", end: "08:00")

    /// Each boundary that is not `HH:mm`, as a violation on `path.start` / `path.end`.
    public func violations(path: String) -> [FieldViolation] {
        var found: [FieldViolation] = []
        if BusinessHours.minutes(start) == nil { found.append(FieldViolation(field: "\(path).start", reason: "must be HH:mm (00:00–23:59)")) }
        if BusinessHours.minutes(end) == nil { found.append(FieldViolation(field: "\(path).end", reason: "must be HH:mm (00:00–23:59)")) }
        return found
    }

    /// When a message due at `instant` may go: `instant` itself outside quiet hours, else their end.
    public func allowed(at instant: Date, timeZone: TimeZone) -> Date {
        guard let from = BusinessHours.minutes(start), let to = BusinessHours.minutes(end), from != to else { return instant }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second, .nanosecond], from: instant)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let quiet = from < to ? (minute >= from && minute < to) : (minute >= from || minute < to)
        guard quiet else { return instant }
        // The end of this quiet spell: today's `end`, or tomorrow's when it began before midnight.
        let day = from > to && minute >= from ? calendar.date(byAdding: .day, value: 1, to: instant) ?? instant : instant
        return calendar.date(bySettingHour: to / 60, minute: to % 60, second: 0, of: day) ?? instant
    }

    enum CodingKeys: String, CodingKey { case start, end }
}
