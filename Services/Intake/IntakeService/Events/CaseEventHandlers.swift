import Foundation
import Models
import ServiceKit

/// How Intake follows a case through every service (DESIGN §6): each hand-off event is kept on the case's
/// timeline once, and moves the case by ``CaseLife`` — forward only, so a late, repeated or out-of-order
/// event is recorded and acknowledged, never dead-lettered and never a step back. Each runs in the inbox's
/// transaction.
enum CaseEventHandlers {
    static var all: EventHandlers {
        var handlers = EventHandlers()
        follow(CaseQueuedForMerchant.self, on: &handlers, merchant: queuedFor) {
            ($0.fields.caseID, $0.fields.merchantID, $0.fields.respondBy, .queued)
        }
        follow(CaseAcknowledgedByMerchant.self, on: &handlers) { ($0.fields.caseID, $0.fields.merchantID, nil, .acknowledged) }
        follow(MerchantResponseOverdue.self, on: &handlers) { ($0.fields.caseID, $0.fields.merchantID, nil, .responseOverdue) }
        follow(InspectionRecorded.self, on: &handlers, then: InspectionJudging.rejudge) { ($0.caseID, $0.merchantID, nil, .inspected) }
        follow(ResolutionProposed.self, on: &handlers) { ($0.caseID, $0.merchantID, $0.dueAt, .resolutionProposed) }
        follow(ResolutionAgreed.self, on: &handlers, then: decided) { ($0.caseID, $0.merchantID, nil, .resolutionAgreed) }
        follow(CaseEscalated.self, on: &handlers) { ($0.caseID, $0.merchantID, $0.dueAt, .escalated) }
        follow(CaseChased.self, on: &handlers) { ($0.caseID, $0.merchantID, $0.dueAt, .chased) }
        follow(CaseHandedBack.self, on: &handlers, merchant: backToRouting) { ($0.caseID, $0.merchantID, nil, .handedBack) }
        follow(ClaimRejected.self, on: &handlers) { ($0.caseID, $0.merchantID, $0.dueAt, .claimRejected) }
        follow(ItemShippedBack.self, on: &handlers) { ($0.caseID, $0.merchantID, nil, .itemShippedBack) }
        follow(ReturnRequestChanged.self, on: &handlers) { ($0.caseID, $0.merchantID, $0.dueAt, .returnRequest($0.stage)) }
        follow(RefundApproved.self, on: &handlers) { ($0.caseID, $0.merchantID, nil, .refundApproved) }
        // A request's refund paid resolves the case; a compensation or a price difference is on its timeline.
        follow(RefundPaid.self, on: &handlers) { ($0.caseID, $0.merchantID, nil, $0.purpose == .refund ? .refunded : .paid) }
        // A walk-in repair has no case: nothing to follow.
        follow(RepairOrderChanged.self, on: &handlers) { ($0.caseID, $0.merchantID, $0.dueAt, .repairOrder($0.stage)) }
        follow(RepairRecorded.self, on: &handlers, then: RepairFactsJudging.recorded) { ($0.caseID, $0.merchantID, nil, .repairRecorded) }
        follow(RepairTimerExpired.self, on: &handlers, then: RepairFactsJudging.expired) {
            ($0.caseID, $0.merchantID, nil, $0.onExpiry == .freeExchangeDue ? .freeExchangeDue : .repairOverdue)
        }
        return handlers
    }

    /// Dispatch queued the case for a merchant (at registration, or assigned from the routing queue).
    static func queuedFor(_ event: CaseQueuedForMerchant) -> CaseTimelineStore.MerchantChange { .set(event.fields.merchantID) }

    /// The case left its merchant: no merchant reads it until it is assigned again.
    static func backToRouting(_ event: CaseHandedBack) -> CaseTimelineStore.MerchantChange { .set(nil) }

    /// The resolution agreed is the case's decided one (dashboards filter and count by it).
    static func decided(_ event: ResolutionAgreed, _ header: EventHeader, _ context: EventContext) async throws {
        try await CaseTimelineStore().decide(
            event.caseID,
            event.resolution,
            occurredAt: header.occurredAt,
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        )
    }

    /// Handles `P`: `read` gives the case (none: not a case's event), the merchant the step concerns, the
    /// deadline it opens and the step; `merchant` who has the case after it (Dispatch queued it for a
    /// merchant, or it went back to routing: that merchant's token reads it); `more` runs after the step.
    static func follow<P: EventPayload>(
        _ type: P.Type,
        on handlers: inout EventHandlers,
        merchant: (@Sendable (P) -> CaseTimelineStore.MerchantChange)? = nil,
        then more: (@Sendable (P, EventHeader, EventContext) async throws -> Void)? = nil,
        _ read: @escaping @Sendable (P) -> (caseID: UUID?, merchantID: UUID?, dueAt: Date?, step: CaseStep)
    ) {
        handlers.on(P.self) { payload, header, context in
            let (caseID, merchantID, dueAt, step) = read(payload)
            guard let caseID else { return }
            let store = CaseTimelineStore()
            let (actor, visibility) = CaseTimeline.describe(step)
            let entry = TimelineEntry(
                eventID: header.id,
                caseID: caseID,
                type: header.type,
                occurredAt: header.occurredAt,
                producer: header.producer,
                actorRole: actor,
                visibility: visibility,
                merchantID: merchantID,
                dueAt: dueAt,
                data: String(decoding: try WireJSON.encoder.encode(payload), as: UTF8.self)
            )
            guard
                let (status, holder) = try await store.lockAndRecord(
                    entry,
                    tenant: context.tenant,
                    now: context.now,
                    on: context.connection,
                    logger: context.logger
                )
            else { return }
            let next = CaseLife.next(status, after: step)
            let deadline = CaseDeadline.change(after: step, dueAt: dueAt, moved: next != status)
            var handover = merchant?(payload) ?? .keep
            if handover == .set(holder) { handover = .keep }
            if next != status || deadline != .keep || handover != .keep {
                try await store.advance(
                    caseID,
                    to: next,
                    merchant: handover,
                    deadline: deadline,
                    occurredAt: header.occurredAt,
                    tenant: context.tenant,
                    on: context.connection,
                    logger: context.logger
                )
            }
            try await more?(payload, header, context)
        }
    }
}
