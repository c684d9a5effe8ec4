import Foundation
import IntakeService
import Models
import Testing

/// The case life alone, without I/O: every status after every step.
@Suite struct CaseLifeTests {
    /// The order the life runs in; at_merchant and merchant_response_overdue share a stage.
    static let order: [CaseStatus: Int] = [
        .recorded: 0, .dispatchedToMerchant: 1, .atMerchant: 2, .merchantResponseOverdue: 2, .escalated: 3, .inResolution: 4,
        .resolved: 5, .closed: 6, .cancelled: 6,
    ]

    @Test func theHappyPathsRunForward() {
        var status = CaseStatus.recorded
        for (step, expected) in [
            (CaseStep.queued, CaseStatus.dispatchedToMerchant), (.acknowledged, .atMerchant), (.inspected, .atMerchant),
            (.resolutionProposed, .atMerchant), (.resolutionAgreed, .inResolution), (.returnRequest(.opened), .inResolution),
            (.returnRequest(.itemReturned), .inResolution), (.refunded, .resolved), (.closed, .closed),
        ] {
            status = CaseLife.next(status, after: step)
            #expect(status == expected, "\(step)")
        }
        var repair = CaseStatus.atMerchant
        for step in [CaseStep.repairOrder(.opened), .repairOrder(.awaitingParts), .repairOrder(.repaired)] {
            repair = CaseLife.next(repair, after: step)
        }
        #expect(repair == .inResolution)
        #expect(CaseLife.next(repair, after: .repairOrder(.returnedToCustomer)) == .resolved)
        #expect(CaseLife.next(.merchantResponseOverdue, after: .escalated) == .escalated)
        #expect(CaseLife.next(.escalated, after: .resolutionAgreed) == .inResolution)
    }

    /// Every status × every step: never backwards; the terminal statuses stay; closing needs a resolved
    /// case; cancelling is for one not resolved yet; steps that say nothing change nothing.
    @Test(arguments: CaseStatus.allCases)
    func noStepMovesACaseBackwards(_ status: CaseStatus) throws {
        for step in CaseStep.all {
            let next = CaseLife.next(status, after: step)
            let before = try #require(Self.order[status])
            let after = try #require(Self.order[next])
            #expect(after >= before, "\(status) → \(next) after \(step)")
            if status == .closed || status == .cancelled { #expect(next == status, "\(status) is the end") }
            if next == .closed && status != .closed { #expect(status == .resolved && step == .closed) }
            if next == .cancelled && status != .cancelled { #expect(before < 5 && step == .cancelled) }
            let silent: [CaseStep] = [
                .resolutionProposed, .returnRequest(.rejected), .returnRequest(.withdrawn), .returnRequest(.refused), .returnRequest(.lapsed),
                .repairOrder(.cancelled),
            ]
            if silent.contains(step) {
                #expect(next == status, "\(step) says nothing about the status")
            }
        }
        #expect(CaseLife.next(status, after: .closed) == (status == .resolved ? .closed : status))
    }

    /// A request before the platform escalates a case still at its merchant, never one already in resolution;
    /// a decided refund puts the case in resolution.
    @Test func returnRequestsMoveTheCase() {
        #expect(CaseLife.next(.atMerchant, after: .returnRequest(.inReview)) == .escalated)
        #expect(CaseLife.next(.inResolution, after: .returnRequest(.inReview)) == .inResolution)
        #expect(CaseLife.next(.atMerchant, after: .refundApproved) == .inResolution)
        #expect(CaseLife.next(.escalated, after: .refundApproved) == .inResolution)
        #expect(CaseTimeline.describe(.returnRequest(.lapsed)).actorRole == "system")
        #expect(CaseTimeline.describe(.refundApproved).visibility == .customer)
    }

    @Test func lateStepsAreNoStepBack() {
        #expect(CaseLife.next(.resolved, after: .queued) == .resolved)
        #expect(CaseLife.next(.inResolution, after: .responseOverdue) == .inResolution)
        #expect(CaseLife.next(.inResolution, after: .escalated) == .inResolution)
        #expect(CaseLife.next(.atMerchant, after: .responseOverdue) == .atMerchant, "one stage: acknowledged stays acknowledged")
        #expect(CaseLife.next(.merchantResponseOverdue, after: .acknowledged) == .merchantResponseOverdue)
        #expect(CaseLife.next(.resolved, after: .cancelled) == .resolved, "a resolved case is not cancelled")
        #expect(CaseLife.next(.inResolution, after: .cancelled) == .cancelled)
    }

    @Test func whoSeesWhat() {
        #expect(CaseTimeline.visible(to: [.merchant], merchant: .init()) == [.customer, .merchant])
        #expect(CaseTimeline.visible(to: [.dashboardReader], merchant: nil) == TimelineVisibility.allCases)
        #expect(CaseTimeline.describe(.escalated).visibility == .internal && CaseTimeline.describe(.refunded).visibility == .finance)
        #expect(CaseTimeline.describe(.responseOverdue).actorRole == "system")
    }
}
