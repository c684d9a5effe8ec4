public import Foundation
public import Models

/// What happened to a case, as Intake's case life reads it from the hand-off events (DESIGN §6) and its own
/// commands.
public enum CaseStep: Sendable, Hashable {
    case queued
    case acknowledged
    case responseOverdue
    case inspected
    case resolutionProposed
    case resolutionAgreed
    case escalated
    /// The merchant was chased for a step it let pass (timeline only).
    case chased
    /// The case left its merchant for the routing queue (timeline only; it is queued again when assigned).
    case handedBack
    /// The merchant rejected the claim (timeline only; the front desk answers).
    case claimRejected
    /// The merchant gave the item back (timeline only; Repairs or Returns resolve the case).
    case itemShippedBack
    case returnRequest(ReturnRequestStage)
    /// A refund was decided (`refund.approved`); the refund ledger pays it.
    case refundApproved
    case refunded
    /// A compensation or an exchange's price difference was paid (`refund.paid`; timeline only).
    case paid
    case repairOrder(RepairOrderStage)
    /// A repair record reported (timeline only; its facts may revise the judgement).
    case repairRecorded
    /// A repair timer of the policy ran out: a free exchange is due (FN-06, T-20), or the repair is overdue
    /// (T-15) — timeline only; the case stays in resolution.
    case freeExchangeDue
    case repairOverdue
    /// Intake's own: the resolved case is closed.
    case closed
    /// Intake's own: the case is withdrawn before it is resolved.
    case cancelled

    /// Every step, for exhaustive tests.
    public static var all: [CaseStep] {
        [
            .queued, .acknowledged, .responseOverdue, .inspected, .resolutionProposed, .resolutionAgreed, .escalated, .chased, .handedBack,
            .claimRejected, .itemShippedBack, .refundApproved, .refunded, .paid, .closed, .cancelled, .repairRecorded, .freeExchangeDue,
            .repairOverdue,
        ]
            + ReturnRequestStage.allCases.map(CaseStep.returnRequest) + RepairOrderStage.allCases.map(CaseStep.repairOrder)
    }
}

/// The case life as a pure state machine: each step points at a status, and the case moves there only
/// forward — a late, repeated or out-of-order event is recorded on the timeline but never moves the case
/// back. `closed` follows only `resolved`; `cancelled` only precedes it; both end the life.
public enum CaseLife {
    /// The order statuses are passed in; `at_merchant` and `merchant_response_overdue` are one stage (the
    /// merchant has it, in time or not) and do not replace each other.
    static func rank(_ status: CaseStatus) -> Int {
        switch status {
        case .recorded: 0
        case .dispatchedToMerchant: 1
        case .atMerchant, .merchantResponseOverdue: 2
        case .escalated: 3
        case .inResolution: 4
        case .resolved: 5
        case .closed, .cancelled: 6
        }
    }

    /// Where `step` points, nil when it says nothing about the status (a proposal, a rejected request).
    static func target(of step: CaseStep) -> CaseStatus? {
        switch step {
        case .queued: .dispatchedToMerchant
        case .acknowledged, .inspected: .atMerchant
        case .responseOverdue: .merchantResponseOverdue
        case .resolutionProposed, .chased, .handedBack, .claimRejected, .itemShippedBack: nil
        case .repairRecorded, .freeExchangeDue, .repairOverdue: nil
        case .resolutionAgreed: .inResolution
        case .escalated: .escalated
        case .returnRequest(let stage):
            switch stage {
            case .opened, .approved, .itemReturned: .inResolution
            // The platform decides: the merchant stage failed as far as the case is concerned.
            case .inReview: .escalated
            case .rejected, .withdrawn, .refused, .lapsed: nil
            }
        case .refundApproved: .inResolution
        case .refunded: .resolved
        case .paid: nil
        case .repairOrder(let stage):
            switch stage {
            case .opened, .diagnosed, .awaitingParts, .repaired: .inResolution
            case .returnedToCustomer: .resolved
            case .cancelled: nil
            }
        case .closed: .closed
        case .cancelled: .cancelled
        }
    }

    /// The status after `step`.
    public static func next(_ current: CaseStatus, after step: CaseStep) -> CaseStatus {
        guard let target = target(of: step), current != .closed, current != .cancelled else { return current }
        switch target {
        case .closed: return current == .resolved ? .closed : current
        case .cancelled: return rank(current) < rank(.resolved) ? .cancelled : current
        default: return rank(target) > rank(current) ? target : current
        }
    }
}

/// The deadline a case runs against now (dashboards' "overdue" and "by deadline"), from the `dueAt` its
/// steps carry: a step that opens a deadline sets it; a step that moves the case to another status without
/// one closes the last (its clock belonged to the stage left) — except the notice that the merchant missed
/// it, which keeps it; any other step leaves it. A resolved, closed
/// or cancelled case has none (the database keeps that, whoever writes the status). Pure.
public enum CaseDeadline {
    public enum Change: Equatable, Sendable {
        case keep
        /// The deadline becomes this one (nil: none runs).
        case set(Date?)
    }

    public static func change(after step: CaseStep, dueAt: Date?, moved: Bool) -> Change {
        if let dueAt { return .set(dueAt) }
        // The merchant let its deadline pass: it stays the one the case is overdue against.
        if step == .responseOverdue { return .keep }
        return moved ? .set(nil) : .keep
    }
}
