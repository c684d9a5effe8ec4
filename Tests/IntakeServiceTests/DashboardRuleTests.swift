import Foundation
import Models
import ServiceKit
import Testing

@testable import IntakeService

/// The dashboards' rules alone, without I/O: what a search matches, how a deadline follows a case's steps,
/// the statistics' periods, and CSV as spreadsheets read it.
@Suite struct DashboardRuleTests {
    @Test func aSearchOfThreeOrMoreMatchesAnywhereAndTwoMatchANamesStart() throws {
        let anywhere = try CaseTextSearch.reading(" 无线鼠 ", forMerchant: false).get()
        #expect(anywhere.scope == .everywhere && anywhere.pattern == "%无线鼠%", "trimmed, anywhere")
        let name = try CaseTextSearch.reading("张伟", forMerchant: false).get()
        #expect(name.scope == .customerNameStart && name.pattern == "张伟%")
        #expect(try CaseTextSearch.reading("iPhone", forMerchant: true).get().scope == .withoutCustomer)
        let last4 = try CaseTextSearch.reading("5678", forMerchant: false).get()
        #expect(last4.scope == .phoneLast4 && last4.pattern == "5678", "four digits: the phone's last four")
        #expect(try CaseTextSearch.reading("5678", forMerchant: true).get().scope == .withoutCustomer, "never a merchant's")
        #expect(try CaseTextSearch.reading("567", forMerchant: false).get().scope == .everywhere)
        #expect(try CaseTextSearch.reading("10%_\\x", forMerchant: false).get().pattern == "%10\\%\\_\\\\x%", "LIKE's own characters escaped")
        for (query, merchant, reason) in [
            ("张", false, "must have at least 2 characters"), ("张伟", true, "must have at least 3 characters"),
            ("a\u{1F}b", false, "must not contain U+0000 or U+001F"), (String(repeating: "字", count: 65), false, "must have at most 64 characters"),
        ] {
            #expect(throws: CaseTextSearch.Refusal(reason: reason)) { try CaseTextSearch.reading(query, forMerchant: merchant).get() }
        }
    }

    @Test func aDeadlineIsOpenedByItsStepClosedByTheNextStatusAndKeptWhenMissed() {
        let due = Date(timeIntervalSince1970: 1_773_280_800)
        #expect(CaseDeadline.change(after: .queued, dueAt: due, moved: true) == .set(due))
        #expect(CaseDeadline.change(after: .acknowledged, dueAt: nil, moved: true) == .set(nil), "the merchant answered: closed")
        #expect(CaseDeadline.change(after: .responseOverdue, dueAt: nil, moved: true) == .keep, "missed: still the one it is late against")
        #expect(CaseDeadline.change(after: .chased, dueAt: due, moved: false) == .set(due))
        #expect(CaseDeadline.change(after: .repairRecorded, dueAt: nil, moved: false) == .keep, "a step that moves nothing leaves it")
    }

    @Test func periodsStartOnTheirFirstDayWeeksOnMonday() throws {
        let day = try #require(LocalDate(iso: "2026-03-10"))  // a Tuesday
        #expect(StatsPeriod.week.start(of: day).description == "2026-03-09")
        #expect(StatsPeriod.week.start(of: try #require(LocalDate(iso: "2026-03-15"))).description == "2026-03-09", "Sunday ends the week")
        #expect(StatsPeriod.month.start(of: day).description == "2026-03-01")
        let months = StatsPeriod.month.starts(from: try #require(LocalDate(iso: "2025-12-31")), to: try #require(LocalDate(iso: "2026-02-01")))
        #expect(months.map(\.description) == ["2025-12-01", "2026-01-01", "2026-02-01"], "across a year's end")
        #expect(StatsPeriod.day.starts(from: day, to: day).count == 1)
        func whole(_ from: String, _ to: String) throws -> String {
            let (first, until) = StatsPeriod.wholeMonths(from: try #require(LocalDate(iso: from)), to: try #require(LocalDate(iso: to)))
            return "\(first)..<\(until)"
        }
        #expect(try whole("2026-03-01", "2026-05-31") == "2026-03-01..<2026-06-01", "three whole months")
        #expect(try whole("2025-12-02", "2026-12-01") == "2026-01-01..<2026-12-01", "a year: the edge months by day")
        #expect(try whole("2026-03-05", "2026-03-20") == "2026-04-01..<2026-04-01", "none")
        #expect(try whole("2026-02-01", "2026-02-28") == "2026-02-01..<2026-03-01")
    }

    @Test func csvQuotesWhatItMustAndNeverLetsACellRunAsAFormula() {
        #expect(CSVText.record(["a", "b c", "张伟"]) == "a,b c,张伟\r\n")
        #expect(CSVText.record(["机械键盘, 青轴", "say \"hi\"", "two\nlines"]) == "\"机械键盘, 青轴\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
        #expect(CSVText.record(["=HYPERLINK(\"x\")", "+86 139", "-1", "@SUM", "\tx"]) == "\"'=HYPERLINK(\"\"x\"\")\",'+86 139,'-1,'@SUM,'\tx\r\n")
        #expect(CSVText.record(["", ""]) == ",\r\n")
    }

    @Test func aFiltersCanonicalTextSeparatesEveryField() {
        var one = CaseListFilter()
        one.category = "a"
        var other = CaseListFilter()
        other.brand = "a"
        #expect(one.canonical != other.canonical, "the same text in another field is another filter")
        var statuses = CaseListFilter()
        statuses.statuses = [.recorded, .closed]
        var reordered = CaseListFilter()
        reordered.statuses = [.closed, .recorded]
        #expect(statuses.canonical == reordered.canonical)
        #expect(CaseListFilter().isEmpty && !one.isEmpty)
    }
}
