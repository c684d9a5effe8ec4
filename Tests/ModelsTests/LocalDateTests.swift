import Foundation
import Models
import Testing

@Suite struct LocalDateTests {
    @Test(arguments: ["2026-11-25", "2024-02-29", "1999-12-31", "2000-01-01"])
    func validDatesRoundTrip(text: String) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.description == text)
        #expect(LocalDate(dayNumber: date.dayNumber) == date)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "2026-11-25T00:00:00Z", "", "abcd-ef-gh", "1899-12-31"])
    func invalidTextIsRefused(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func dayArithmeticCrossesMonthAndYearEnds() throws {
        let date = try #require(LocalDate(iso: "2026-12-30"))
        #expect(date.adding(days: 3).description == "2027-01-02")
        #expect(try #require(LocalDate(iso: "2024-02-28")).adding(days: 1).description == "2024-02-29")
        #expect(date.days(until: try #require(LocalDate(iso: "2027-01-06"))) == 7)
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
    }

    @Test func weekdaysAreISO() throws {
        #expect(try #require(LocalDate(iso: "2026-11-25")).isoWeekday == 3)  // a Wednesday
        #expect(try #require(LocalDate(iso: "2026-11-29")).isoWeekday == 7)  // a Sunday
    }

    @Test func anInstantFallsOnTheTenantsDate() throws {
        // 2026-11-25 17:30 UTC is already the 26th in Shanghai (UTC+8).
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-11-25T17:30:00Z"))
        #expect(LocalDate(instant: instant, timeZone: TimeZone(identifier: "Asia/Shanghai")!).description == "2026-11-26")
        #expect(LocalDate(instant: instant, timeZone: TimeZone(identifier: "UTC")!).description == "2026-11-25")
    }

    @Test func codableUsesThePlainDateString() throws {
        let date = try #require(LocalDate(iso: "2026-03-08"))
        #expect(String(data: try JSONEncoder().encode([date]), encoding: .utf8) == #"["2026-03-08"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-3-8"]"#.utf8)) }
    }
}
