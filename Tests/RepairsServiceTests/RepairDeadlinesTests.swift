import Foundation
import Models
import RepairsService
import Testing

/// The repair-side deadlines as a pure plan (rules.md §5 T-24, T-25, T-26; WS-10, WS-11): the progress check
/// at 70 % of the job (done by 80 %), or 12 h before the promise at a manufacturer; the pickup notice 1 h
/// before the promise for a job under 2 days, 4 h from 2 days; a delay notice at the same lead time before
/// the promise the customer had, when it moved later.
@Suite struct RepairDeadlinesTests {
    static let start = Date(timeIntervalSince1970: 1_773_108_000)
    static func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * 3_600) }

    @Test func theNoticeLeadIsAnHourUnderTwoDaysAndFourFromTwo() {
        #expect(RepairDeadlines.noticeLead(start: Self.start, promise: Self.at(48).addingTimeInterval(-1)) == 3_600)
        #expect(RepairDeadlines.noticeLead(start: Self.start, promise: Self.at(48)) == 4 * 3_600)
    }

    @Test func theProgressCheckIsAtSeventyPercentOrTwelveHoursBeforeAtTheManufacturer() {
        let workshop = RepairDeadlines.progressCheck(start: Self.start, promise: Self.at(10), atManufacturer: false)
        #expect(workshop.due == Self.at(7) && workshop.checkBy == Self.at(8))
        // 7 % of a second is not scheduled: whole seconds, rounded down (10 s → 7 s and 8 s).
        let short = RepairDeadlines.progressCheck(start: Self.start, promise: Self.start.addingTimeInterval(10.9), atManufacturer: false)
        #expect(short.due == Self.start.addingTimeInterval(7) && short.checkBy == Self.start.addingTimeInterval(8))
        let factory = RepairDeadlines.progressCheck(start: Self.start, promise: Self.at(72), atManufacturer: true)
        #expect(factory.due == Self.at(60) && factory.checkBy == Self.at(72))
    }

    @Test func aStepPlansWhatStillApplies() {
        let working = RepairDeadlines.plan(
            status: .inRepair,
            start: Self.start,
            promise: Self.at(10),
            promisedBefore: nil,
            atManufacturer: false,
            now: Self.at(1)
        )
        #expect(working.schedule == [.progressCheck: Self.at(7), .pickupNotice: Self.at(9)] && working.cancel.isEmpty)
        // Finished: no more progress check; the pickup notice stands until the settlement.
        let finished = RepairDeadlines.plan(
            status: .repaired,
            start: Self.start,
            promise: Self.at(10),
            promisedBefore: nil,
            atManufacturer: false,
            now: Self.at(8)
        )
        #expect(finished.schedule == [.pickupNotice: Self.at(9)] && finished.cancel == [.progressCheck])
        for status in [RepairOrderStatus.readyForPickup, .delivered, .cancelled, .quoteDeclined] {
            let over = RepairDeadlines.plan(
                status: status,
                start: Self.start,
                promise: Self.at(10),
                promisedBefore: nil,
                atManufacturer: false,
                now: Self.at(8)
            )
            #expect(over.schedule.isEmpty && over.cancel == [.progressCheck, .pickupNotice, .delayNotice], "\(status)")
        }
        // Not accepted yet: nothing to schedule.
        #expect(
            RepairDeadlines.plan(status: .quoted, start: nil, promise: Self.at(10), promisedBefore: nil, atManufacturer: false, now: Self.start)
                .schedule.isEmpty
        )
        // A deadline already past is left alone (it fired or is firing).
        let late = RepairDeadlines.plan(
            status: .inRepair,
            start: Self.start,
            promise: Self.at(10),
            promisedBefore: nil,
            atManufacturer: false,
            now: Self.at(7)
        )
        #expect(late.schedule == [.pickupNotice: Self.at(9)])
    }

    @Test func aPromiseMovedLaterMakesADelayNoticeDueAtTheOldLeadTime() {
        // Promised at +10 h, moved to +3 days: the customer is told at +9 h; the new pickup notice is 4 h before.
        let moved = RepairDeadlines.plan(
            status: .awaitingParts,
            start: Self.start,
            promise: Self.at(72),
            promisedBefore: Self.at(10),
            atManufacturer: false,
            now: Self.at(2)
        )
        #expect(moved.schedule == [.progressCheck: Self.at(72 * 0.7), .pickupNotice: Self.at(68), .delayNotice: Self.at(9)])
        // Moved when the old notice time has passed: the delay notice is due at once.
        let lateMove = RepairDeadlines.plan(
            status: .inRepair,
            start: Self.start,
            promise: Self.at(12),
            promisedBefore: Self.at(10),
            atManufacturer: false,
            now: Self.at(9.5)
        )
        #expect(lateMove.schedule[.delayNotice] == Self.at(9.5))
        // Moved earlier: no delay.
        let earlier = RepairDeadlines.plan(
            status: .inRepair,
            start: Self.start,
            promise: Self.at(8),
            promisedBefore: Self.at(10),
            atManufacturer: false,
            now: Self.at(1)
        )
        #expect(earlier.schedule[.delayNotice] == nil)
    }
}
