import Foundation
import Logging
import Models
import ServiceKit

/// The platform's timers of a return request (rules.md §5 T-01 … T-05): when the one of the request's status
/// runs out and the request is still in it, its expiry acts as the stamped policy says — the merchant's
/// silence approves (T-01, T-02, and T-05 by default), the customer's lapses the request (T-03, T-04).
enum ReturnTimers {
    static func keep(on handlers: inout TimerHandlers) {
        handlers.on(RequestWriter.timerKind) { timer, context in try await fired(timer, context) }
    }

    static func fired(_ timer: FiredTimer, _ context: EventContext) async throws {
        let payload = try timer.payload(as: RequestWriter.TimerPayload.self)
        guard let id = UUID(uuidString: payload.id),
            var request = try await ReturnRequestStore().find(
                id,
                scope: .everything,
                locked: true,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ),
            ReturnDeadlines.trigger(of: request.status) == ReturnDeadlines.trigger(of: payload.status),
            let action = ReturnDeadlines.action(onExpiryOf: payload.rule, in: request.status)
        else { return }
        let steps = RequestSteps(writer: RequestWriter(context))
        let grant = RequestSteps.Grant(amount: nil, decidedBy: .timer, ruleIds: payload.rule.ruleIds)
        let note = "\(payload.rule.name) ran out (\(payload.rule.ruleIds.joined(separator: ", ")))"
        try await steps.take(action, on: &request, actor: "system", note: note, grant: grant)
        context.logger.info(
            "return request deadline ran out",
            metadata: ["return_request.id": "\(request.id.wire)", "timer": "\(payload.rule.name)", "status": "\(request.status.rawValue)"]
        )
    }
}
