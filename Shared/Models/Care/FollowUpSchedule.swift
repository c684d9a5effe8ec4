public import Foundation

/// When the follow-up calls are due (rules.md §2(g), FU-03/FU-04, T-28/T-29): the first from 3 to 7 days after
/// the item was handed back, the second from 7 to 14 days after the first call (§8: the reading of
/// "一周后的7天以内" as days 7–14). Days are whole 24-hour days from the instant (no daylight saving in the
/// tenants' zones): a handover at 10:00 opens its first call at 10:00 three days later.
public struct FollowUpSchedule: Codable, Sendable, Hashable {
    public var firstOpensAfterDays: Int
    public var firstDueWithinDays: Int
    public var secondOpensAfterDays: Int
    public var secondDueWithinDays: Int

    public init(firstOpensAfterDays: Int = 3, firstDueWithinDays: Int = 7, secondOpensAfterDays: Int = 7, secondDueWithinDays: Int = 14) {
        self.firstOpensAfterDays = firstOpensAfterDays
        self.firstDueWithinDays = firstDueWithinDays
        self.secondOpensAfterDays = secondOpensAfterDays
        self.secondDueWithinDays = secondDueWithinDays
    }

    public static let standard = FollowUpSchedule()
    public static let dayRange = 0...60

    /// A call's window: when it may be made (the task is due) and by when (overdue after).
    public struct Window: Sendable, Hashable {
        public let opensAt: Date
        public let dueBy: Date
    }

    public func first(handedOverAt: Date) -> Window { window(from: handedOverAt, firstOpensAfterDays, firstDueWithinDays) }

    public func second(firstCallAt: Date) -> Window { window(from: firstCallAt, secondOpensAfterDays, secondDueWithinDays) }

    private func window(from anchor: Date, _ opens: Int, _ due: Int) -> Window {
        Window(opensAt: anchor.addingTimeInterval(TimeInterval(opens) * 86_400), dueBy: anchor.addingTimeInterval(TimeInterval(due) * 86_400))
    }

    /// Day counts out of range or a window that closes before it opens, on `path.<field>`.
    public func violations(path: String) -> [FieldViolation] {
        var found: [FieldViolation] = []
        let fields = [
            ("firstOpensAfterDays", firstOpensAfterDays), ("firstDueWithinDays", firstDueWithinDays),
            ("secondOpensAfterDays", secondOpensAfterDays), ("secondDueWithinDays", secondDueWithinDays),
        ]
        for (name, value) in fields where !Self.dayRange.contains(value) {
            found.append(FieldViolation(field: "\(path).\(name)", reason: "must be from 0 to 60 days"))
        }
        if firstDueWithinDays < firstOpensAfterDays {
            found.append(FieldViolation(field: "\(path).firstDueWithinDays", reason: "must not be before firstOpensAfterDays"))
        }
        if secondDueWithinDays < secondOpensAfterDays {
            found.append(FieldViolation(field: "\(path).secondDueWithinDays", reason: "must not be before secondOpensAfterDays"))
        }
        return found
    }

    enum CodingKeys: String, CodingKey { case firstOpensAfterDays, firstDueWithinDays, secondOpensAfterDays, secondDueWithinDays }
}
