import Foundation
import Logging
import Models
import ServiceKit

/// What Returns keeps from other services' events (DESIGN §6): the cases (Intake's `case.*`, the merchant
/// Dispatch queued each for) and the merchants (``MerchantDirectory``) requests are checked against; a
/// request opened, approved, from the merchant's agreement to a refund, a return or an exchange; and the open
/// request of a cancelled case withdrawn with it.
enum CaseFollowing {
    static func keep(on handlers: inout EventHandlers) {
        let cases = CaseDirectoryStore()
        handlers.on(CaseRegistered.self) { event, _, context in try await cases.registered(event, context) }
        handlers.on(CaseUpdated.self) { event, _, context in
            guard let judgement = event.judgement else { return }
            try await cases.judged(event.caseID, judgement, context)
        }
        handlers.on(CaseDecisionRevised.self) { event, _, context in try await cases.judged(event.caseID, event.judgement, context) }
        handlers.on(CaseQueuedForMerchant.self) { event, _, context in
            try await cases.assigned(event.fields.caseID, to: event.fields.merchantID, context)
        }
        handlers.on(CaseCancelled.self) { event, _, context in
            try await cases.cancelled(event.caseID, context)
            try await withdrawn(event, context)
        }
        handlers.on(ResolutionAgreed.self) { event, _, context in try await opened(event, context) }
        MerchantDirectory.keep(on: &handlers)
    }

    /// The return type an agreed resolution is, nil for the ones Repairs or the merchant carry out.
    static func type(of resolution: Resolution) -> ReturnType? {
        switch resolution {
        case .refundOnly: .refundOnly
        case .returnAndRefund: .returnAndRefund
        case .exchange: .exchange
        default: nil
        }
    }

    /// The merchant agreed a refund, a return or an exchange: the case's request opens approved — once; a
    /// redelivery, or an agreement while the case has an open request, opens nothing new.
    static func opened(_ agreed: ResolutionAgreed, _ context: EventContext) async throws {
        guard let type = type(of: agreed.resolution), agreed.carriedOutBy == nil || agreed.carriedOutBy == .returns else { return }
        let (tenant, connection, logger) = (context.tenant, context.connection, context.logger)
        guard try await ReturnRequestStore().openRequest(ofCase: agreed.caseID, tenant: tenant, on: connection, logger: logger) == nil else {
            return
        }
        guard let known = try await CaseDirectoryStore().find(agreed.caseID, tenant: tenant, on: connection, logger: logger) else {
            // Intake's case event has not arrived yet: the delivery is retried until it has.
            throw ErrorBody(code: .unavailable, message: "case \(agreed.caseID.wire) is not known to Returns yet")
        }
        guard !known.cancelled else { return }
        let judgement = agreed.judgement ?? known.judgement
        let currency = known.pricePaid?.currency ?? agreed.refund?.currency ?? "CNY"
        let amount = agreed.refund ?? (type.refundsMoney ? (judgement?.refundAmount ?? known.pricePaid) : nil) ?? .zero(currency)
        guard !type.refundsMoney || amount.amountMinor > 0 else {
            logger.warning("an agreed refund with nothing to refund opens no request", metadata: ["case.id": "\(agreed.caseID.wire)"])
            return
        }
        let application = ReturnApplication(
            caseID: agreed.caseID,
            merchantID: agreed.merchantID,
            type: type,
            amount: amount,
            reason: "商家同意 \(agreed.resolution.rawValue) (agreed by the merchant)"
        )
        var request = ReturnRequest(
            id: .v7(),
            status: ReturnRequestLife.start(type, agreedByMerchant: true, orderShipped: true),
            application: application,
            source: .merchantAgreement,
            customerRef: nil,
            createdAt: context.now
        )
        if request.status == .refundApproved {
            request.refund = RefundDecision.decide(
                application,
                granted: agreed.refund,
                decidedBy: .merchant,
                ruleIds: [],
                withoutReturn: type == .refundOnly,
                judgement: judgement,
                at: context.now
            )
        }
        let timers = judgement?.resolvedRules.timers ?? []
        _ = try await RequestWriter(context).open(&request, step: ReturnSteps.agreedByMerchant, actor: "dispatch", timers: timers)
        logger.info("return request opened from the merchant's agreement", metadata: ["return_request.id": "\(request.id.wire)"])
    }

    /// The case was withdrawn at Intake: its open request is withdrawn with it (a refund already decided
    /// stays — money is never taken back by a cancellation).
    static func withdrawn(_ cancelled: CaseCancelled, _ context: EventContext) async throws {
        let store = ReturnRequestStore()
        guard let id = try await store.openRequest(ofCase: cancelled.caseID, tenant: context.tenant, on: context.connection, logger: context.logger)
        else { return }
        try await RequestWriter(context).releaseTimers(of: id)
        guard
            var request = try await store.find(
                id,
                scope: .everything,
                locked: true,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ),
            case .success = ReturnRequestLife.next(request.status, request.application.type, .customerWithdraw)
        else { return }
        let note = String("the case was cancelled: \(cancelled.reason)".prefix(500))
        try await RequestSteps(writer: RequestWriter(context)).take(
            .customerWithdraw,
            on: &request,
            actor: "intake",
            note: note,
            step: ReturnSteps.caseCancelled
        )
    }
}
