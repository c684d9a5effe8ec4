public import Foundation

extension LocalDate {
    /// The date an instant falls on in a time zone: "today" for a tenant is this of the business clock's
    /// now in the tenant's zone.
    public init(instant: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
