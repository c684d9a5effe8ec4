import Foundation
import IntakeService
import Models
import Testing

/// What a case's repairs add to its facts, pure (rules.md §3.6 FN-01, FN-05, FN-06, FN-09; T-19, T-20): the
/// days away pause a furniture case's windows and not a Pinduoduo one's; an exchange restarts the period; a
/// free exchange arising after the request is taken as it stands then, the rest as of the request.
@Suite struct RepairFactsTests {
    static let calendar = BusinessCalendar()
    static let caseID = UUID(uuidString: "019a0c4e-8a00-7000-8000-000000000001")!
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static func record(
        _ n: Int,
        submitted: String,
        received: String?,
        returned: String?,
        same: Int = 0,
        exchanged: String? = nil
    ) -> RepairRecorded {
        RepairRecorded(
            repairOrderID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000c\(n)")!,
            caseID: caseID,
            merchantID: nil,
            submittedOn: day(submitted),
            receivedOn: received.map(day),
            returnedOn: returned.map(day),
            daysAway: 0,
            faultCode: "frame_joint_loose",
            sameFaultRepairs: same,
            exchangedOn: exchanged.map(day)
        )
    }

    @Test func daysAwayAddUpAndAnItemStillAwayCountsToToday() {
        let facts = CaseRepairFacts.from(
            [
                Self.record(1, submitted: "2026-12-01", received: "2026-12-02", returned: "2026-12-12", same: 1),
                Self.record(2, submitted: "2026-12-20", received: "2026-12-21", returned: nil, same: 2),
            ],
            through: Self.day("2026-12-24")
        )
        #expect(facts.pausedDays == 10 + 3 && facts.repairsOfSameDefect == 2)
        #expect(facts.repairSubmitted == Self.day("2026-12-20"), "the open repair's submission")
        #expect(facts.lastRepairCompleted == Self.day("2026-12-12") && facts.periodRestartedOn == nil)
    }

    @Test func anExchangeRestartsThePeriodAndForgetsTheOldItemsRepairs() {
        let facts = CaseRepairFacts.from(
            [
                Self.record(1, submitted: "2026-12-01", received: "2026-12-02", returned: "2026-12-12", same: 2),
                Self.record(2, submitted: "2026-12-13", received: "2026-12-13", returned: "2026-12-20", exchanged: "2026-12-20"),
            ],
            through: Self.day("2026-12-24")
        )
        #expect(facts.periodRestartedOn == Self.day("2026-12-20"))
        #expect(facts.pausedDays == 0 && facts.repairsOfSameDefect == 0 && facts.lastRepairCompleted == nil)
    }

    static func facts(_ category: String, delivered: String) -> CaseFacts {
        CaseFacts(
            pricePaid: .cny(3_000),
            line: OrderLine(category: category),
            dates: CaseDates(sale: Self.day(delivered), delivery: Self.day(delivered), shipment: Self.day(delivered)),
            flags: [.seriousDefect, .hasInvoice, .hasThreeGuaranteesCard, .qualityIssue]
        )
    }

    static func closings(_ decision: PolicyDecision) -> [LocalDate] { decision.resolvedRules.windows.compactMap(\.closesOn).sorted() }

    @Test func tenDaysAwayMoveTheFurnitureWindowsAndNotThePinduoduoOnes() {
        var away = CaseRepairFacts()
        away.pausedDays = 10
        let now = RFC3339.date("2026-12-01T02:00:00Z")!
        let sofa = Self.facts("sofa", delivered: "2026-11-25")
        let before = PolicyEngine.evaluate(facts: sofa, policy: PolicyPresets.furniture(), calendar: Self.calendar, now: now)
        let after = PolicyEngine.evaluate(facts: away.applied(to: sofa), policy: PolicyPresets.furniture(), calendar: Self.calendar, now: now)
        #expect(Self.closings(before) == ["2026-12-25", "2027-01-24", "2027-01-24"].map(Self.day))
        #expect(Self.closings(after) == Self.closings(before).map { $0.adding(days: 10) })
        var earphones = Self.facts("headphones", delivered: "2026-11-25")
        earphones.set(.shipped)
        let pdd = PolicyPresets.preset(.pinduoduoPlatform)
        let pddBefore = PolicyEngine.evaluate(facts: earphones, policy: pdd, calendar: Self.calendar, now: now)
        let pddAfter = PolicyEngine.evaluate(facts: away.applied(to: earphones), policy: pdd, calendar: Self.calendar, now: now)
        #expect(!Self.closings(pddBefore).isEmpty && Self.closings(pddAfter) == Self.closings(pddBefore))
    }

    @Test func aSeriousFaultRepairedTwiceMakesTheExchangeDueAfterItsWindow() {
        // Delivered in August: FN-04's 60 days are long gone; FN-05 needs no window, only the two repairs.
        var twice = CaseRepairFacts()
        twice.repairsOfSameDefect = 2
        let sofa = Self.facts("sofa", delivered: "2026-08-01")
        let now = RFC3339.date("2026-12-01T02:00:00Z")!
        let once = CaseRepairFacts.from(
            [Self.record(1, submitted: "2026-10-01", received: nil, returned: "2026-10-05", same: 1)],
            through: Self.day("2026-12-01")
        )
        #expect(
            !PolicyEngine.evaluate(facts: once.applied(to: sofa), policy: PolicyPresets.furniture(), calendar: Self.calendar, now: now).option(
                .exchange
            ).isEligible
        )
        let due = PolicyEngine.evaluate(facts: twice.applied(to: sofa), policy: PolicyPresets.furniture(), calendar: Self.calendar, now: now).option(
            .exchange
        )
        #expect(due.isEligible && due.reasons.contains { $0.ruleIds.contains("FN-05") })
    }

    @Test func anExchangeDayRestartsThePausableWindows() {
        var restarted = CaseRepairFacts()
        restarted.periodRestartedOn = Self.day("2026-12-20")
        let sofa = Self.facts("sofa", delivered: "2026-11-25")
        let decision = PolicyEngine.evaluate(
            facts: restarted.applied(to: sofa),
            policy: PolicyPresets.furniture(),
            calendar: Self.calendar,
            now: RFC3339.date("2026-12-01T02:00:00Z")!
        )
        // 30 and 60 days from 20 December; the windows still open from delivery (no "not yet open").
        #expect(Self.closings(decision) == ["2027-01-19", "2027-02-18", "2027-02-18"].map(Self.day))
        #expect(decision.option(.exchange).isEligible)
    }

    @Test func aFreeExchangeArisingLaterStandsOnFN06WithoutADeadline() throws {
        var draft = CaseRegistration.Draft()
        draft.customerName = "王芳"
        draft.customerPhone = "139-1234-5678"
        draft.orderNumber = "JJ-1012-7"
        draft.pricePaid = .cny(3_000)
        draft.productName = "实木餐桌"
        draft.productCategory = "table"
        draft.purchaseDate = "2026-10-08"
        draft.deliveryDate = "2026-10-12"
        draft.reason = "桌腿开裂"
        draft.requestedResolution = .exchange
        draft.condition = ItemCondition(receiptPresent: true, threeGuaranteesCardPresent: true)
        draft.flags = ["serious_defect"]
        let request = RFC3339.date("2026-12-01T02:00:00Z")!
        let registration = try CaseRegistration.validate(draft, today: Self.day("2026-12-01"), now: request).get()
        var submitted = CaseRepairFacts()
        submitted.repairSubmitted = Self.day("2026-12-01")
        let facts = submitted.applied(to: registration.facts)
        let asked = registration.judged(facts: facts, by: PolicyPresets.furniture(), calendar: Self.calendar, at: request)
        #expect(asked.status == .eligible && asked.deadline == Self.day("2026-12-11") && asked.ruleIds.contains("FN-04"))
        let arising = RFC3339.date("2026-12-31T16:00:00Z")!
        let due = registration.judged(
            facts: facts,
            by: PolicyPresets.furniture(),
            calendar: Self.calendar,
            at: request,
            granting: .exchange,
            asOf: arising
        )
        #expect(due.status == .eligible && due.deadline == nil && due.ruleIds.contains("FN-06") && !due.ruleIds.contains("FN-04"))
        #expect(due.resolvedRules.requestDate == Self.day("2026-12-01"), "still judged as of the request")
        // A second before, the free exchange has not arisen: FN-04's closed window refuses it then, so the request's stands.
        let early = registration.judged(
            facts: facts,
            by: PolicyPresets.furniture(),
            calendar: Self.calendar,
            at: request,
            granting: .exchange,
            asOf: arising.addingTimeInterval(-1)
        )
        #expect(early == asked)
    }
}
