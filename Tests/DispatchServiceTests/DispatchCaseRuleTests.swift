import DispatchService
import Foundation
import Models
import Testing

/// The merchant handshake without I/O (rules.md §2(b), §2(c), §3.4 CM-27, §5 T-01/T-02): each step in its
/// state only, each deadline opened, chased and escalated as the clock says.
@Suite struct DispatchCaseRuleTests {
    static let now = Date(timeIntervalSince1970: 1_773_108_000)
    static let registered = CaseRegistered.example
    static let merchant = registered.merchantID!
    static let deadlines = HandshakeDeadlines()

    static func hours(_ h: Double) -> Date { now.addingTimeInterval(h * 3600) }

    static func queued(requested: Resolution = .repair, status: OptionStatus = .eligible) -> DispatchCase {
        var judgement = CaseRegistered.example.judgement!
        judgement.requestedResolution = requested
        judgement.status = status
        return DispatchCase.queued(registered.caseID, merchant: merchant, at: now, deadlines: deadlines, requested: requested, judgement: judgement)
    }

    static func inspected(_ record: DispatchCase = queued(), outcome: InspectionOutcome = .faultConfirmed) throws -> DispatchCase {
        var record = record
        _ = try record.acknowledge(at: hours(1), deadlines: deadlines)
        _ = try record.inspect(.init(outcome: outcome, findings: "主板故障", establishedFacts: [], inspectedAt: hours(2)), deadlines: deadlines)
        return record
    }

    static func proposal(_ resolution: Resolution?, rejection: String? = nil, outOfStock: LocalDate? = nil) -> DispatchCase.Proposal {
        DispatchCase.Proposal(
            resolution: resolution,
            rejectionReason: rejection,
            outOfStockUntil: outOfStock,
            note: nil,
            proposedAt: hours(3),
            answerBy: hours(27)
        )
    }

    static func refusal(_ body: () throws -> Void) -> ErrorBody? {
        do {
            try body()
            return nil
        } catch {
            return error as? ErrorBody
        }
    }

    @Test func aQueuedCaseMustBeAcknowledgedWithinTheMerchantsHours() {
        let record = Self.queued()
        #expect(record.status == .awaitingAcknowledgement)
        #expect(record.respondBy == Self.hours(48) && record.dueAt == Self.hours(48))
        #expect(record.merchantStep == .acknowledge && record.isChased)
        let own = Self.deadlines.merchant(MerchantResponseDeadlines(acknowledgeHours: 24))
        let faster = DispatchCase.queued(Self.registered.caseID, merchant: Self.merchant, at: Self.now, deadlines: own)
        #expect(faster.respondBy == Self.hours(24), "the merchant's own deadline replaces the deployment's")
    }

    /// rules.md §2(b) step 4, §2(c) E2: chased at the deadline, again after the interval, escalated after
    /// the last chase; the first lapse of the acknowledgement makes the case overdue.
    @Test func aSilentMerchantIsChasedTwiceThenEscalated() throws {
        var record = Self.queued()
        #expect(record.deadlinePassed(due: Self.hours(47), at: Self.hours(47), deadlines: Self.deadlines) == nil, "a stale timer does nothing")
        let first = record.deadlinePassed(due: Self.hours(48), at: Self.hours(48), deadlines: Self.deadlines)
        #expect(first == .chased(number: 1, step: .acknowledge, firstOverdue: true))
        #expect(record.status == .responseOverdue && record.overdueAt == Self.hours(48) && record.dueAt == Self.hours(72))
        let second = record.deadlinePassed(due: Self.hours(72), at: Self.hours(72), deadlines: Self.deadlines)
        #expect(second == .chased(number: 2, step: .acknowledge, firstOverdue: false))
        #expect(record.dueAt == Self.hours(96) && record.chasesTotal == 2)
        let third = record.deadlinePassed(due: Self.hours(96), at: Self.hours(96), deadlines: Self.deadlines)
        #expect(third == .escalate(step: .acknowledge))
        #expect(record.escalated && !record.isChased)
        #expect(record.deadlinePassed(due: Self.hours(96), at: Self.hours(97), deadlines: Self.deadlines) == nil, "the desk has it: no more chases")
    }

    @Test func aLateMerchantMayStillAcknowledgeAndItsNextStepHasItsOwnDeadline() throws {
        var record = Self.queued()
        _ = record.deadlinePassed(due: Self.hours(48), at: Self.hours(48), deadlines: Self.deadlines)
        #expect(try record.acknowledge(at: Self.hours(50), deadlines: Self.deadlines))
        #expect(record.status == .acknowledged && record.chaseCount == 0 && record.dueAt == Self.hours(50 + 72))
        #expect(try !record.acknowledge(at: Self.hours(51), deadlines: Self.deadlines), "again is a retry")
        #expect(record.acknowledgedAt == Self.hours(50))
        #expect(record.overdueAt == Self.hours(48), "the scorecard still counts it overdue")
    }

    /// CM-27: a result that differs from the report puts the case with the dispatcher until the customer
    /// was consulted; then the merchant proposes, with its propose deadline.
    @Test func anInspectionThatDiffersFromTheReportWaitsForTheCustomer() throws {
        var record = try Self.inspected(outcome: .differsFromReport)
        #expect(record.status == .customerConsultation && record.dueAt == nil && !record.isChased)
        #expect(
            Self.refusal { _ = try record.propose(Self.proposal(.repair), deadlines: Self.deadlines) }?.message.contains("customer_consultation")
                == true
        )
        try record.consulted(at: Self.hours(5), deadlines: Self.deadlines)
        #expect(record.status == .inspected && record.dueAt == Self.hours(5 + 48))
        let matching = try Self.inspected()
        #expect(matching.status == .inspected && matching.dueAt == Self.hours(2 + 48))
    }

    @Test func aProposalGrantingWhatWasAskedUnderAnEligibleJudgementIsAgreedAtOnce() throws {
        var record = try Self.inspected()
        #expect(try record.propose(Self.proposal(.repair), deadlines: Self.deadlines))
        #expect(record.status == .resolutionAgreed && record.proposal?.automatic == true)
        #expect(record.agreement?.carriedOutBy == .merchant && record.merchantStep == .returnItem && record.dueAt == Self.hours(3 + 168))
        for (proposal, judged) in [
            (Self.proposal(.exchange), OptionStatus.eligible), (Self.proposal(.repair), .negotiable),
            (Self.proposal(.repair, outOfStock: LocalDate(year: 2026, month: 4, day: 1)), .eligible),
        ] {
            var other = try Self.inspected(Self.queued(requested: .repair, status: judged))
            #expect(try !other.propose(proposal, deadlines: Self.deadlines), "\(proposal) under \(judged) waits for the front desk")
            #expect(other.status == .resolutionProposed && other.dueAt == nil)
        }
    }

    @Test func theFrontDeskAcceptsWithTheRightCarrierOrDeclinesToTheDesk() throws {
        var record = try Self.inspected()
        _ = try record.propose(Self.proposal(.returnAndRefund), deadlines: Self.deadlines)
        #expect(
            Self.refusal { _ = try record.answer(accept: true, carriedOutBy: .merchant, at: Self.hours(4), deadlines: Self.deadlines) }?.details
                .first?.field == "carriedOutBy"
        )
        #expect(try record.answer(accept: true, carriedOutBy: nil, at: Self.hours(4), deadlines: Self.deadlines))
        #expect(record.agreement?.carriedOutBy == .returns && record.dueAt == nil, "Returns carries it out: no merchant deadline")
        #expect(
            Self.refusal { try record.giveBack(.init(method: .shipped, trackingNumber: "SF1", carrier: nil, at: Self.hours(5))) }?.code
                == .failedPrecondition
        )

        var repair = try Self.inspected()
        _ = try repair.propose(Self.proposal(.repair, outOfStock: LocalDate(year: 2026, month: 4, day: 1)), deadlines: Self.deadlines)
        #expect(try repair.answer(accept: true, carriedOutBy: .ownWorkshop, at: Self.hours(4), deadlines: Self.deadlines))
        #expect(repair.agreement?.carriedOutBy == .ownWorkshop && repair.merchantStep == nil)

        var declined = try Self.inspected()
        _ = try declined.propose(Self.proposal(.compensation), deadlines: Self.deadlines)
        #expect(try !declined.answer(accept: false, carriedOutBy: nil, at: Self.hours(4), deadlines: Self.deadlines))
        #expect(declined.escalated && declined.status == .inspected && !declined.isChased)
        try declined.returnToMerchant(at: Self.hours(10), deadlines: Self.deadlines)
        #expect(!declined.escalated && declined.dueAt == Self.hours(10 + 48) && declined.isChased)
    }

    @Test func aRejectionIsNotAcceptedHere() throws {
        var record = try Self.inspected()
        _ = try record.propose(Self.proposal(nil, rejection: "进水"), deadlines: Self.deadlines)
        #expect(record.status == .resolutionProposed)
        #expect(
            Self.refusal { _ = try record.answer(accept: true, carriedOutBy: nil, at: Self.hours(4), deadlines: Self.deadlines) }?.code
                == .failedPrecondition
        )
    }

    @Test func theMerchantGivesTheItemBackReadyThenShipped() throws {
        var record = try Self.inspected()
        _ = try record.propose(Self.proposal(.repair), deadlines: Self.deadlines)
        try record.giveBack(.init(method: .readyForPickup, trackingNumber: nil, carrier: nil, at: Self.hours(30)))
        #expect(record.status == .readyForPickup && record.dueAt == nil && record.isClosed)
        try record.giveBack(.init(method: .shipped, trackingNumber: "SF1234", carrier: "顺丰", at: Self.hours(31)))
        #expect(record.status == .shippedBack)
        #expect(
            Self.refusal { try record.giveBack(.init(method: .shipped, trackingNumber: "SF1", carrier: nil, at: Self.hours(32))) }?.code
                == .failedPrecondition
        )
    }

    @Test func handingBackAndAssigningKeepTheClocksRight() throws {
        var record = try Self.inspected()
        let other = UUID()
        #expect(try record.handBack(.merchantDeclined) == Self.merchant)
        #expect(record.status == .awaitingRouting && record.merchantID == nil && record.routingReason == .merchantDeclined && !record.isChased)
        try record.assign(to: other, at: Self.hours(10), deadlines: Self.deadlines)
        #expect(
            record.status == .awaitingAcknowledgement && record.merchantID == other && record.respondBy == Self.hours(58) && record.inspection == nil
        )
        #expect(Self.refusal { try record.assign(to: other, at: Self.hours(11), deadlines: Self.deadlines) }?.code == .failedPrecondition)
        var agreed = try Self.inspected()
        _ = try agreed.propose(Self.proposal(.repair), deadlines: Self.deadlines)
        #expect(Self.refusal { _ = try agreed.handBack(.merchantDeclined) }?.message.contains("resolution_agreed") == true)
        #expect(Self.refusal { try agreed.assign(to: other, at: Self.hours(11), deadlines: Self.deadlines) }?.code == .failedPrecondition)
    }

    /// Every step refused out of order names the state the case is in.
    @Test func everyStepOutOfOrderIsFailedPreconditionNamingTheState() throws {
        var withdrawn = Self.queued()
        #expect(withdrawn.withdraw() && !withdrawn.withdraw())
        let steps: [(String, (inout DispatchCase) throws -> Void)] = [
            (
                "inspect",
                { r in
                    _ = try r.inspect(
                        .init(outcome: .faultConfirmed, findings: "x", establishedFacts: [], inspectedAt: Self.now),
                        deadlines: Self.deadlines
                    )
                }
            ),
            ("propose", { r in _ = try r.propose(Self.proposal(.repair), deadlines: Self.deadlines) }),
            ("answer", { r in _ = try r.answer(accept: true, carriedOutBy: nil, at: Self.now, deadlines: Self.deadlines) }),
            ("give back", { r in try r.giveBack(.init(method: .readyForPickup, trackingNumber: nil, carrier: nil, at: Self.now)) }),
            ("consulted", { r in try r.consulted(at: Self.now, deadlines: Self.deadlines) }),
        ]
        for (name, step) in steps {
            for start in [Self.queued(), withdrawn] {
                var copy = start
                let refused = Self.refusal { try step(&copy) }
                #expect(refused?.code == .failedPrecondition, "\(name) from \(start.status)")
                #expect(refused?.message.contains(start.status.rawValue) == true || start.status == .withdrawn, "\(name): \(refused?.message ?? "")")
                #expect(copy == start, "a refused step changes nothing")
            }
        }
        #expect(Self.refusal { _ = try withdrawn.acknowledge(at: Self.now, deadlines: Self.deadlines) }?.code == .failedPrecondition)
        #expect(Self.refusal { try withdrawn.escalate() }?.code == .failedPrecondition)
    }

    /// While the escalation desk has the case only the desk decides; the merchant may still acknowledge and
    /// inspect; a cancellation takes it off the desk.
    @Test func atTheDeskNoProposalAnswerHandBackOrReassignment() throws {
        var record = Self.queued()
        _ = record.deadlinePassed(due: Self.hours(48), at: Self.hours(48), deadlines: Self.deadlines)
        _ = record.deadlinePassed(due: Self.hours(72), at: Self.hours(72), deadlines: Self.deadlines)
        _ = record.deadlinePassed(due: Self.hours(96), at: Self.hours(96), deadlines: Self.deadlines)
        #expect(record.escalated && record.chasesTotal == 2)
        #expect(Self.refusal { _ = try record.handBack(.merchantDeclined) }?.message.contains("escalation desk") == true)
        #expect(
            Self.refusal { try record.assign(to: UUID(), at: Self.hours(97), deadlines: Self.deadlines) }?.message.contains("escalation desk") == true
        )
        var late = try Self.inspected(record)
        #expect(late.status == .inspected, "the merchant still acknowledges and inspects")
        #expect(Self.refusal { _ = try late.propose(Self.proposal(.repair), deadlines: Self.deadlines) }?.message.contains("escalation desk") == true)
        try late.returnToMerchant(at: Self.hours(100), deadlines: Self.deadlines)
        try late.assign(to: UUID(), at: Self.hours(101), deadlines: Self.deadlines)
        #expect(late.chasesTotal == 0, "the new merchant's scorecard starts clean")
        var cancelled = record
        #expect(cancelled.withdraw() && !cancelled.escalated)
    }
}
