public import Models

/// The steps of a repair order and the states they lead from and to (rules.md §2(e) 2e-L/2e-W, LG-22,
/// WS-09, WS-14). Pure: a step the order's state does not allow is refused with `failed_precondition` —
/// above all, no repair step while the order is held or waiting.
public enum RepairOrderStep: Sendable, Equatable {
    /// Check-in on receipt: whether the item matches the case's evidence photos (LG-22).
    case checkIn(matchesEvidence: Bool)
    /// The discrepancy was agreed with the customer.
    case discrepancyAgreed
    /// A quote (again, while not yet answered).
    case quote
    /// The customer accepted: the repair starts (its in-stock parts are requested from Parts).
    case acceptQuote
    case declineQuote
    /// Parts could not hold a quoted part: it is requisitioned and the order waits (WS-15).
    case partsShort
    /// The awaited parts arrived.
    case partsArrived
    /// The workshop reports more work (WS-09).
    case reportExtraWork
    /// The customer's answer on the extra work, approved or not (the repair goes on either way).
    case answerExtraWork(approved: Bool)
    case holdSpecial
    case resumeSpecial
    case finishRepair
    /// Quality control passed, or failed (back to the workshop).
    case qualityCheck(passed: Bool)
    /// Settled: the statement issued and the customer told to collect (WS-11, WS-12).
    case settle
    /// Handed over and signed for, or shipped back.
    case handOver
    case cancel

    /// Every kind of step, for tables.
    public static let all: [RepairOrderStep] = [
        .checkIn(matchesEvidence: true), .checkIn(matchesEvidence: false), .discrepancyAgreed, .quote, .acceptQuote, .declineQuote,
        .partsShort, .partsArrived, .reportExtraWork, .answerExtraWork(approved: true), .answerExtraWork(approved: false), .holdSpecial,
        .resumeSpecial, .finishRepair, .qualityCheck(passed: true), .qualityCheck(passed: false), .settle, .handOver, .cancel,
    ]

    /// The step's name in events and on the timeline, lower_snake.
    public var name: String {
        switch self {
        case .checkIn(let matches): matches ? "checked_in" : "held_for_discrepancy"
        case .discrepancyAgreed: "discrepancy_agreed"
        case .quote: "quoted"
        case .acceptQuote: "quote_accepted"
        case .declineQuote: "quote_declined"
        case .partsShort: "parts_short"
        case .partsArrived: "parts_arrived"
        case .reportExtraWork: "extra_work_reported"
        case .answerExtraWork(let approved): approved ? "extra_work_approved" : "extra_work_declined"
        case .holdSpecial: "held_for_special_situation"
        case .resumeSpecial: "resumed"
        case .finishRepair: "repair_finished"
        case .qualityCheck(let passed): passed ? "quality_check_passed" : "quality_check_failed"
        case .settle: "settled"
        case .handOver: "handed_over"
        case .cancel: "cancelled"
        }
    }
}

public enum RepairOrderLife {
    /// The state `step` leads to from `status`, or why it is refused.
    public static func next(_ status: RepairOrderStatus, _ step: RepairOrderStep) -> Result<RepairOrderStatus, ErrorBody> {
        switch (status, step) {
        case (.registered, .checkIn(let matches)): return .success(matches ? .checkedIn : .onHoldDiscrepancy)
        case (.onHoldDiscrepancy, .discrepancyAgreed): return .success(.checkedIn)
        case (.checkedIn, .quote), (.quoted, .quote): return .success(.quoted)
        case (.quoted, .acceptQuote): return .success(.inRepair)
        case (.quoted, .declineQuote): return .success(.quoteDeclined)
        case (.inRepair, .partsShort): return .success(.awaitingParts)
        case (.awaitingParts, .partsArrived): return .success(.inRepair)
        case (.inRepair, .reportExtraWork): return .success(.awaitingAddonApproval)
        case (.awaitingAddonApproval, .answerExtraWork): return .success(.inRepair)
        case (.inRepair, .holdSpecial): return .success(.onHoldSpecial)
        case (.onHoldSpecial, .resumeSpecial): return .success(.inRepair)
        case (.inRepair, .finishRepair): return .success(.repaired)
        case (.repaired, .qualityCheck(let passed)): return .success(passed ? .completed : .inRepair)
        case (.completed, .settle): return .success(.readyForPickup)
        case (.readyForPickup, .handOver): return .success(.delivered)
        // Cancelled at any point before the repaired item is checked (after that it is handed over).
        case (let from, .cancel) where !from.isFinal && ![.repaired, .completed, .readyForPickup].contains(from): return .success(.cancelled)
        default: return .failure(refusal(status))
        }
    }

    /// What the order's case reads from its state (Intake's case life, DESIGN §6).
    public static func stage(_ status: RepairOrderStatus) -> RepairOrderStage {
        switch status {
        case .registered, .checkedIn, .onHoldDiscrepancy: .opened
        case .quoted, .inRepair, .awaitingAddonApproval, .onHoldSpecial: .diagnosed
        case .awaitingParts: .awaitingParts
        case .repaired, .completed, .readyForPickup: .repaired
        case .delivered: .returnedToCustomer
        case .quoteDeclined, .cancelled: .cancelled
        }
    }

    static func refusal(_ status: RepairOrderStatus) -> ErrorBody {
        let why: String =
            switch status {
            case .onHoldDiscrepancy: "the order is held until the difference from the case's photos is agreed with the customer"
            case .onHoldSpecial: "the order is held for a special situation until it is agreed with the customer"
            case .awaitingParts: "the order is waiting for parts"
            case .awaitingAddonApproval: "the order is waiting for the customer's answer on the extra work"
            case .quoteDeclined: "the customer declined the quote; the order is closed"
            default: "the order is \(status.rawValue)"
            }
        return .failedPrecondition("repairOrderId", "\(why); this step is not possible now")
    }
}
