import Foundation
import Models
import Testing

@Suite struct CalendarMoneyTests {
    @Test func makeUpSaturdayAndHolidays() {
        #expect(d("2026-10-10").isoWeekday == 6)
        #expect(testCalendar.isWorkingDay(d("2026-10-10")))
        #expect(!testCalendar.isWorkingDay(d("2026-10-01")))
        #expect(!testCalendar.isWorkingDay(d("2026-10-11")))
        #expect(testCalendar.lastDay(of: .workingDays(7), from: d("2026-09-29")) == d("2026-10-14"))
        #expect(testCalendar.lastDay(of: .workingDays(1), from: d("2026-09-26")) == d("2026-09-27"))
        #expect(testCalendar.workingDays(after: d("2026-09-29"), through: d("2026-10-14")) == 7)
    }

    @Test func monthsClampToTheMonthEnd() {
        #expect(testCalendar.lastDay(of: .months(1), from: d("2026-01-31")) == d("2026-02-28"))
        #expect(testCalendar.lastDay(of: .months(1), from: d("2028-01-31")) == d("2028-02-29"))
        #expect(testCalendar.lastDay(of: .months(3), from: d("2026-11-30")) == d("2027-02-28"))
        #expect(testCalendar.lastDay(of: Period(7, .calendarDays, counting: .eventDayIsDayOne), from: d("2026-03-01")) == d("2026-03-07"))
    }

    @Test func instantToLocalDateInTheTenantZone() {
        // 2026-03-01T16:30:00Z is 00:30 on 03-02 in Shanghai but still 03-01 in UTC.
        let instant = Date(timeIntervalSince1970: TimeInterval(d("2026-03-01").dayNumber * 86_400 + 16 * 3_600 + 1_800))
        #expect(BusinessCalendar().localDate(of: instant) == d("2026-03-02"))
        #expect(BusinessCalendar.localDate(of: instant, timeZoneIdentifier: "UTC") == d("2026-03-01"))
        #expect(BusinessCalendar.localDate(of: instant, timeZoneIdentifier: "Mars/Olympus") == nil)
    }

    @Test func roundingIsHalfUpToTheFen() {
        // 0.5 % of 1.01 yuan = 0.505 fen → 1 fen; 0.3 % of 0.50 yuan = 0.15 fen → 0.
        #expect(MoneyRounding.share(of: Money(amountMinor: 101), rate: 50).amountMinor == 1)
        #expect(MoneyRounding.share(of: Money(amountMinor: 50), rate: 30).amountMinor == 0)
        #expect(MoneyRounding.share(of: Money(amountMinor: 100), rate: 50).amountMinor == 1)  // 0.5 fen rounds up
        #expect(MoneyRounding.share(of: .cny(300), rate: 30, times: 10) == .cny(9))
    }

    @Test func moneyWireShape() throws {
        let json = String(decoding: try JSONEncoder().encode(Money(amountMinor: 12_950)), as: UTF8.self)
        #expect(json.contains("\"amountMinor\":12950") && json.contains("\"currency\":\"CNY\""))
    }

    @Test func validationNamesTheField() {
        var doc = PolicyPresets.departmentStore()
        doc.policyId = "Department Store"
        doc.entitlements[0].ruleIds = ["DS_04"]
        doc.entitlements[3].fees = [.depreciation(ruleIds: ["DS-06"], ratePerDay: 0, anchor: .sale, counting: .dayAfterEvent)]
        doc.timers[0].duration = .days(-1)
        let fields = Set(doc.validate().map(\.field))
        #expect(fields == ["policyId", "entitlements[0].ruleIds[0]", "entitlements[3].fees[0].ratePerDay", "timers[0].duration.value"])
        #expect(throws: ErrorBody.self) { try doc.validated() }
        var hours = PolicyPresets.furniture()
        hours.entitlements[0].window?.closesAfter = .hours(48)
        #expect(hours.validate().map(\.field) == ["entitlements[0].window.closesAfter.unit"])
        // The bounds a served contract promises are the document's own.
        var big = PolicyPresets.furniture()
        big.version = PolicyDocument.maxVersion + 1
        big.notes = Array(repeating: big.notes.first ?? NoteRule(["FN-11"], [.exchange], text: LocalizedText("整套", "set")), count: 101)
        #expect(Set(big.validate().map(\.field)) == ["version", "notes"])
    }
}
