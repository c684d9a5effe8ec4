import Foundation
import Models
import ReturnsService
import Testing

/// The platform's timers of a return request under the Pinduoduo-style policy, at their exact instants
/// (rules.md §5 T-01 … T-05, §0 day counting; Asia/Shanghai).
@Suite struct ReturnDeadlinesTests {
    static let calendar = BusinessCalendar()
    static let timers = PolicyPresets.pinduoduo().timers
    /// A wall-clock time in Shanghai (UTC+8, no daylight saving).
    static func shanghai(_ text: String) -> Date { RFC3339.date(text + "Z")!.addingTimeInterval(-8 * 3_600) }

    static func due(_ status: ReturnRequestStatus, _ type: ReturnType, entered: String) -> Date? {
        ReturnDeadlines.deadline(status: status, type: type, entered: shanghai(entered), timers: timers, calendar: calendar)?.dueAt
    }

    @Test func theMerchantsFortyEightHoursRunToTheSecond() {
        // T-01: submitted at 10:00 on day 1 — auto-approved at 10:00 on day 3, not a second earlier.
        #expect(Self.due(.requested, .refundOnly, entered: "2026-03-01T10:00:00") == Self.shanghai("2026-03-03T10:00:00"))
        #expect(Self.due(.requested, .returnAndRefund, entered: "2026-03-01T10:00:07") == Self.shanghai("2026-03-03T10:00:07"), "T-02")
        let rule = ReturnDeadlines.deadline(status: .requested, type: .refundOnly, entered: Date(), timers: Self.timers, calendar: Self.calendar)?
            .rule
        #expect(rule.flatMap { ReturnDeadlines.action(onExpiryOf: $0, in: .requested) } == .merchantAnswerTimedOut)
    }

    @Test func theCustomersSevenDaysEndAtMidnightAfterTheSeventhDay() {
        // T-03: a rejection at 12:00 on 1 March lapses at 00:00:00 on 9 March; at 23:59 it lapses at the same instant.
        #expect(Self.due(.merchantRejected, .refundOnly, entered: "2026-03-01T12:00:00") == Self.shanghai("2026-03-09T00:00:00"))
        #expect(Self.due(.merchantRejected, .returnAndRefund, entered: "2026-03-01T23:59:59") == Self.shanghai("2026-03-09T00:00:00"))
        // T-04 and T-05: seven days to ship, seven days to handle the return.
        #expect(Self.due(.awaitingReturn, .returnAndRefund, entered: "2026-03-01T08:00:00") == Self.shanghai("2026-03-09T00:00:00"))
        #expect(Self.due(.itemReturned, .returnAndRefund, entered: "2026-03-10T00:00:00") == Self.shanghai("2026-03-18T00:00:00"))
    }

    @Test func aStatusWithoutTheStampedTimerRunsNone() {
        #expect(Self.due(.requested, .exchange, entered: "2026-03-01T10:00:00") == nil, "Pinduoduo times no exchange")
        #expect(Self.due(.awaitingReturn, .refundOnly, entered: "2026-03-01T10:00:00") == nil)
        #expect(Self.due(.inPlatformReview, .refundOnly, entered: "2026-03-01T10:00:00") == nil)
        #expect(ReturnDeadlines.deadline(status: .requested, type: .refundOnly, entered: Date(), timers: [], calendar: Self.calendar) == nil)
    }

    @Test func theReturnsHandlingExpiryFollowsThePolicysSetting() throws {
        var options = PinduoduoOptions()
        options.merchantHandlingExpiry = .escalateToPlatform
        let timers = PolicyPresets.pinduoduo(options).timers
        let rule = try #require(
            ReturnDeadlines.deadline(status: .itemReturned, type: .returnAndRefund, entered: Date(), timers: timers, calendar: Self.calendar)?.rule
        )
        #expect(ReturnDeadlines.action(onExpiryOf: rule, in: .itemReturned) == .merchantReceiptTimedOut(escalate: true))
        let standard = try #require(
            ReturnDeadlines.deadline(status: .itemReturned, type: .returnAndRefund, entered: Date(), timers: Self.timers, calendar: Self.calendar)?
                .rule
        )
        #expect(ReturnDeadlines.action(onExpiryOf: standard, in: .itemReturned) == .merchantReceiptTimedOut(escalate: false))
    }
}
