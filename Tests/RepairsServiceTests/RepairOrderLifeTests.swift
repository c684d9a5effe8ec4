import Models
import RepairsService
import Testing

/// Every repair order state × every step (rules.md §2(e), LG-22, WS-09, WS-14): the allowed ones lead where
/// the table below says; every other one is refused with failed_precondition naming the order — above all,
/// nothing moves a held or waiting order but the step that ends the hold or the wait.
@Suite struct RepairOrderLifeTests {
    /// The specification, written out independently of the code: (from, step) → to.
    static let allowed: [(RepairOrderStatus, RepairOrderStep, RepairOrderStatus)] = [
        (.registered, .checkIn(matchesEvidence: true), .checkedIn),
        (.registered, .checkIn(matchesEvidence: false), .onHoldDiscrepancy),
        (.onHoldDiscrepancy, .discrepancyAgreed, .checkedIn),
        (.checkedIn, .quote, .quoted),
        (.quoted, .quote, .quoted),
        (.quoted, .acceptQuote, .inRepair),
        (.quoted, .declineQuote, .quoteDeclined),
        (.inRepair, .partsShort, .awaitingParts),
        (.awaitingParts, .partsArrived, .inRepair),
        (.inRepair, .reportExtraWork, .awaitingAddonApproval),
        (.awaitingAddonApproval, .answerExtraWork(approved: true), .inRepair),
        (.awaitingAddonApproval, .answerExtraWork(approved: false), .inRepair),
        (.inRepair, .holdSpecial, .onHoldSpecial),
        (.onHoldSpecial, .resumeSpecial, .inRepair),
        (.inRepair, .finishRepair, .repaired),
        (.repaired, .qualityCheck(passed: true), .completed),
        (.repaired, .qualityCheck(passed: false), .inRepair),
        (.completed, .settle, .readyForPickup),
        (.readyForPickup, .handOver, .delivered),
        (.registered, .cancel, .cancelled), (.checkedIn, .cancel, .cancelled), (.onHoldDiscrepancy, .cancel, .cancelled),
        (.quoted, .cancel, .cancelled), (.awaitingParts, .cancel, .cancelled), (.inRepair, .cancel, .cancelled),
        (.awaitingAddonApproval, .cancel, .cancelled), (.onHoldSpecial, .cancel, .cancelled),
    ]

    @Test(arguments: RepairOrderStatus.allCases) func everyStepFrom(_ status: RepairOrderStatus) {
        for step in RepairOrderStep.all {
            let expected = Self.allowed.first { $0.0 == status && $0.1 == step }?.2
            switch RepairOrderLife.next(status, step) {
            case .success(let next):
                #expect(next == expected, "\(status) + \(step) → \(next), the table says \(expected.map { "\($0)" } ?? "refused")")
            case .failure(let error):
                #expect(expected == nil, "\(status) + \(step) was refused; the table says → \(expected!)")
                #expect(error.code == .failedPrecondition && error.details.map(\.field) == ["repairOrderId"])
            }
        }
    }

    @Test func aHeldOrWaitingOrderSaysWhatItWaitsFor() {
        for (status, words) in [
            (RepairOrderStatus.onHoldDiscrepancy, "photos"), (.onHoldSpecial, "special situation"), (.awaitingParts, "waiting for parts"),
            (.awaitingAddonApproval, "extra work"), (.quoteDeclined, "declined"),
        ] {
            guard case .failure(let error) = RepairOrderLife.next(status, .finishRepair) else {
                Issue.record("\(status) refuses a repair step")
                continue
            }
            #expect(error.message.contains(words), "\(status): \(error.message)")
        }
        #expect(RepairOrderStatus.allCases.filter(\.isFinal) == [.quoteDeclined, .delivered, .cancelled])
    }

    /// What Intake's case life reads from each state: a declined or cancelled order never resolves the case;
    /// only the handover does.
    @Test func eachStateTellsItsCaseAStage() {
        let resolving = RepairOrderStatus.allCases.filter { RepairOrderLife.stage($0) == .returnedToCustomer }
        #expect(resolving == [.delivered])
        #expect(RepairOrderLife.stage(.quoteDeclined) == .cancelled && RepairOrderLife.stage(.cancelled) == .cancelled)
        #expect(RepairOrderLife.stage(.awaitingParts) == .awaitingParts)
        #expect(Set(RepairOrderStep.all.map(\.name)).count == RepairOrderStep.all.count, "every step has its own name")
    }
}
