import Foundation
import Models
import RepairsService
import ServiceKit
import Testing

/// The repair record a case is told and the policy's repair timers, pure (rules.md §3.5, §3.6, §5 T-15,
/// T-20; §0 day counting): days away from receipt to return in the tenant's days, repeats of a fault, an
/// exchange; a day-counted timer runs out at 00:00 after its last day, an hour-counted one to the second.
@Suite struct RepairRecordsTests {
    static let calendar = BusinessCalendar()  // Asia/Shanghai
    static let caseID = UUID(uuidString: "019a0c4e-8a00-7000-8000-000000000001")!

    static func delivered() throws -> RepairOrder {
        let text = try Data(contentsOf: RepairOrderDocumentTests.golden)
        var order = try WireJSON.decoder.decode(RepairOrder.self, from: text)
        order.caseID = caseID
        order.faultCode = "sole_detached"
        // Registered 20:00 UTC on 1 December (04:00 on the 2nd in Shanghai), received at once, back on the 12th.
        order.createdAt = RFC3339.date("2026-12-01T20:00:00Z")!
        order.checkIn?.checkedInAt = order.createdAt
        order.handover?.handedOverAt = RFC3339.date("2026-12-12T03:00:00Z")!
        return order
    }

    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test func aHandedBackRepairCountsItsDaysAwayAndItself() throws {
        let order = try Self.delivered()
        let record = try #require(RepairRecords.record(of: order, sameFaultBefore: 1, calendar: Self.calendar, now: order.updatedAt))
        #expect(record.caseID == Self.caseID && record.submittedOn == Self.day("2026-12-02") && record.receivedOn == Self.day("2026-12-02"))
        #expect(record.returnedOn == Self.day("2026-12-12") && record.daysAway == 10)
        #expect(record.sameFaultRepairs == 2, "the earlier one and this one, handed back")
        #expect(record.exchangedOn == nil)
    }

    @Test func anItemStillAwayCountsToTodayAndNotItselfYet() throws {
        var order = try Self.delivered()
        order.status = .inRepair
        order.handover = nil
        let now = RFC3339.date("2026-12-05T01:00:00Z")!
        let record = try #require(RepairRecords.record(of: order, sameFaultBefore: 1, calendar: Self.calendar, now: now))
        #expect(record.returnedOn == nil && record.daysAway == 3 && record.sameFaultRepairs == 1)
    }

    @Test func anOrderEndedBeforeReceiptWasNeverAwayAndAWalkInHasNoRecord() throws {
        var order = try Self.delivered()
        order.status = .cancelled
        order.checkIn = nil
        order.handover = nil
        let cancellation = #"{"reason": "客户取消", "cancelledAt": "2026-12-03T01:00:00Z", "cancelledBy": "cs-1"}"#
        order.cancellation = try WireJSON.decoder.decode(Cancellation.self, from: Data(cancellation.utf8))
        let record = try #require(RepairRecords.record(of: order, sameFaultBefore: 0, calendar: Self.calendar, now: order.updatedAt))
        #expect(record.receivedOn == nil && record.returnedOn == nil && record.daysAway == 0 && record.sameFaultRepairs == 0)
        order.caseID = nil
        #expect(RepairRecords.record(of: order, sameFaultBefore: 0, calendar: Self.calendar, now: order.updatedAt) == nil)
    }

    @Test func aRepairOnSiteNeverTakesTheItemAway() throws {
        var order = try Self.delivered()
        let visit = AppointmentRules.Draft(
            kind: .onSite,
            windowStart: order.createdAt.addingTimeInterval(3_600),
            windowEnd: order.createdAt.addingTimeInterval(7_200),
            address: "南山区科技园"
        )
        order.appointment = try AppointmentRules.validate(visit, now: order.createdAt, by: "cs-1").get()
        let record = try #require(RepairRecords.record(of: order, sameFaultBefore: 0, calendar: Self.calendar, now: order.updatedAt))
        #expect(record.receivedOn == nil && record.returnedOn == nil && record.daysAway == 0, "nothing pauses its 三包 clock")
    }

    @Test func aReplacementHandedOverIsAnExchangeOnThatDay() throws {
        var order = try Self.delivered()
        order.handover?.replacementSerialNumber = "SOFA-NEW-1"
        let record = try #require(RepairRecords.record(of: order, sameFaultBefore: 0, calendar: Self.calendar, now: order.updatedAt))
        #expect(record.exchangedOn == Self.day("2026-12-12"))
    }

    @Test func aDayCountedTimerRunsOutAtMidnightAfterItsLastDayAndHoursToTheSecond() {
        // Submitted 10:00 on 1 December in Shanghai: 30 days end with 31 December; "more than 30 days" is 00:00 on 1 January.
        let start = RFC3339.date("2026-12-01T02:00:00Z")!
        #expect(Self.calendar.expiry(of: .days(30), from: start) == RFC3339.date("2026-12-31T16:00:00Z")!)
        // 23:30 on 1 December in Shanghai is still the 1st: a week ends with the 8th.
        let late = RFC3339.date("2026-12-01T15:30:00Z")!
        #expect(Self.calendar.expiry(of: .days(7), from: late) == RFC3339.date("2026-12-08T16:00:00Z")!)
        #expect(Self.calendar.expiry(of: .hours(48), from: late) == late.addingTimeInterval(48 * 3_600))
        #expect(Self.calendar.expiry(of: .months(1), from: start) == RFC3339.date("2027-01-01T16:00:00Z")!)
    }

    @Test func timersStartOnSubmissionAndReceiptAndMatterOnlyUntilTheRepairIsDone() {
        #expect(RepairRecords.trigger(ofStep: "opened") == .repairSubmitted)
        #expect(RepairRecords.trigger(ofStep: "checked_in") == .repairAccepted)
        #expect(RepairRecords.trigger(ofStep: "held_for_discrepancy") == .repairAccepted)
        #expect(RepairRecords.trigger(ofStep: "quoted") == nil)
        let unrepaired = RepairOrderStatus.allCases.filter(RepairRecords.isUnrepaired)
        #expect(
            Set(unrepaired) == [
                .registered, .checkedIn, .onHoldDiscrepancy, .quoted, .awaitingParts, .inRepair, .awaitingAddonApproval, .onHoldSpecial,
            ]
        )
    }
}
