public import Foundation

extension LocalDate {
    /// The same day `months` calendar months later, clamped to the month's last day (01-31 + 1 month =
    /// 02-28/29): rules.md §0 "1 month = the same date in the next calendar month".
    public func adding(months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let y = index / 12
        let m = index % 12 + 1
        let d = Swift.min(day, LocalDate.daysIn(month: m, year: y))
        return LocalDate(year: y, month: m, day: d) ?? self
    }
}

extension BusinessCalendar {
    /// The last local date (inclusive, until 23:59:59) of "within `period` of `event`". Hours are not a
    /// day count: they are rounded up to whole days here, and timers use exact instants instead.
    public func lastDay(of period: Period, from event: LocalDate) -> LocalDate {
        let n = Swift.max(0, period.value)
        let shift = period.counting == .eventDayIsDayOne ? 1 : 0
        switch period.unit {
        case .calendarDays:
            return event.adding(days: n - shift)
        case .calendarMonths:
            return event.adding(months: n).adding(days: -shift)
        case .hours:
            return event.adding(days: (n + 23) / 24 - shift)
        case .workingDays:
            if n == 0 { return event }
            var day = shift == 1 ? event : event.adding(days: 1)
            var counted = 0
            // Bounded walk: 40 calendar days per working day covers any realistic holiday list.
            for _ in 0..<(n * 40 + 40) {
                if isWorkingDay(day) {
                    counted += 1
                    if counted == n { return day }
                }
                day = day.adding(days: 1)
            }
            return day
        }
    }

    /// When a timer of `period` started at `start` runs out: hours exactly (N×3600 s); days, working days and
    /// months at 00:00 after their last day (rules.md §0: "within 7 days" of 12:00 on 1 March ends with 8 March,
    /// so it lapses at 00:00:00 on 9 March).
    public func expiry(of period: Period, from start: Date) -> Date {
        if period.unit == .hours { return start.addingTimeInterval(TimeInterval(Swift.max(0, period.value)) * 3_600) }
        return startOfDay(lastDay(of: period, from: localDate(of: start)).adding(days: 1))
    }

    /// True when `date` falls on or before the last day of "within `period` of `event`" and not before E.
    public func isWithin(_ period: Period, of event: LocalDate, on date: LocalDate) -> Bool {
        date >= event && date <= lastDay(of: period, from: event)
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to` <= `from`).
    public func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
        guard to > from else { return 0 }
        var count = 0
        var day = from.adding(days: 1)
        while day <= to {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}
