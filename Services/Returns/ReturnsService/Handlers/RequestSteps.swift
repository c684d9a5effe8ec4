import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Takes one action on a locked request — an operation's, a timer's or an event's: the state machine says
/// where it goes (or refuses), `record` notes what the step says on the request, a refund entered is decided
/// (``RefundDecision``), and the writer saves it with its deadline and events.
struct RequestSteps {
    let writer: RequestWriter

    /// What decides a refund the action may approve.
    struct Grant {
        var amount: Money?
        var decidedBy: RefundDecider
        var ruleIds: [String] = []
    }

    func take(
        _ action: ReturnAction,
        on request: inout ReturnRequest,
        actor: String,
        note: String? = nil,
        step: String? = nil,
        grant: Grant? = nil,
        record: (inout ReturnRequest, KnownCase?) throws -> Void = { _, _ in }
    ) async throws {
        let known = try await CaseDirectoryStore().find(
            request.application.caseID,
            tenant: writer.tenant,
            on: writer.connection,
            logger: writer.logger
        )
        let previous = request.status
        let next = try ReturnRequestLife.next(
            previous,
            request.application.type,
            action,
            itemBack: request.shipment != nil,
            withdrawable: known?.judgement?.allowsWithdrawal(of: ReturnDeadlines.resolution(of: request.application.type)) ?? true
        ).get()
        try record(&request, known)
        // Into review — asked for, a disputed receipt, a timer's setting (T-05): the review starts now, the step's
        // note its reason.
        if next == .inPlatformReview, previous != .inPlatformReview {
            request.review = PlatformReview(askedReason: note, askedAt: writer.now, decision: nil)
        }
        request.status = next
        if next == .refundApproved, previous != .refundApproved {
            let decider = grant ?? Grant(amount: nil, decidedBy: Self.decider(of: action))
            request.refund = RefundDecision.decide(
                request.application,
                granted: decider.amount,
                decidedBy: decider.decidedBy,
                ruleIds: decider.ruleIds,
                withoutReturn: request.application.type == .refundOnly || request.shipment == nil,
                judgement: known?.judgement,
                at: writer.now
            )
        }
        try await writer.save(
            &request,
            from: previous,
            step: step ?? ReturnSteps.name(of: action),
            actor: actor,
            note: note,
            timers: known?.judgement?.resolvedRules.timers ?? []
        )
    }

    static func decider(of action: ReturnAction) -> RefundDecider {
        switch action {
        case .merchantAnswerTimedOut, .merchantReceiptTimedOut: .timer
        case .customerAcceptOffer: .customerAcceptedOffer
        case .arbitrate: .arbitrator
        default: .merchant
        }
    }
}
