import Foundation
import Logging
import Models
import ServiceKit

/// The repair timers of a case's stamped policy (rules.md §5 T-15, T-20), started by the order's registration
/// or check-in: when one runs out and the repair is still not done, `repairs.repair_timer_expired` says what
/// follows — a free exchange due (FN-06), the supervisor alerted (T-15). A repair done in time sends nothing.
enum PolicyRepairTimers {
    static let kind = "repairs.policy_timer"

    struct Payload: Codable, Sendable {
        let id: String
        let name: String
        let ruleIds: [String]
        let onExpiry: TimerExpiry
    }

    static func keep(on handlers: inout TimerHandlers) {
        handlers.on(kind) { timer, context in try await fired(timer, context) }
    }

    static func fired(_ timer: FiredTimer, _ context: EventContext) async throws {
        let payload = try timer.payload(as: Payload.self)
        guard let order = try await RepairOrderStore().forTimer(payload.id, context),
            let caseID = order.caseID,
            RepairRecords.isUnrepaired(order.status)
        else { return }
        let event = RepairTimerExpired(
            repairOrderID: order.id,
            caseID: caseID,
            merchantID: order.merchantID,
            name: payload.name,
            ruleIds: payload.ruleIds,
            onExpiry: payload.onExpiry,
            dueAt: timer.dueAt
        )
        try await context.outbox.append(
            event,
            subjectID: order.id.wire,
            tenant: context.tenant,
            now: context.now,
            on: context.connection,
            logger: context.logger
        )
        context.logger.info(
            "repair timer of the policy expired",
            metadata: ["repair_order.id": "\(order.id.wire)", "timer": "\(payload.name)", "on_expiry": "\(payload.onExpiry.rawValue)"]
        )
    }
}
