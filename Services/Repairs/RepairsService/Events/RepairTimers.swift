import Foundation
import Logging
import Models
import ServiceKit

/// Repairs' durable timers (rules.md §5 T-24, T-25, T-26): when one falls due and the order is still where
/// it applies, `repairs.deadline_due` says so. The order is read without a lock — nothing of it is written —
/// so a step holding the order (and cancelling its timers) never waits for a firing timer, nor it for the step.
enum RepairTimers {
    struct Payload: Codable, Sendable {
        let id: String
        /// A delay notice: the promise the customer had.
        let previousPromisedBy: Date?
    }

    static func kind(_ deadline: RepairDeadlineKind) -> String { "repairs.\(deadline.rawValue)" }

    static func keep(on handlers: inout TimerHandlers) {
        for deadline in RepairDeadlineKind.allCases {
            handlers.on(kind(deadline)) { timer, context in try await fired(deadline, timer, context) }
        }
    }

    static func fired(_ deadline: RepairDeadlineKind, _ timer: FiredTimer, _ context: EventContext) async throws {
        let payload = try timer.payload(as: Payload.self)
        guard let order = try await RepairOrderStore().forTimer(payload.id, context),
            let promise = order.promisedBy,
            (deadline == .progressCheck ? RepairDeadlines.underWay : RepairDeadlines.beforePickup).contains(order.status)
        else { return }
        // A delay the promise no longer has (moved back) is not announced.
        if deadline == .delayNotice, let previous = payload.previousPromisedBy, promise <= previous { return }
        var checkBy: Date?
        if deadline == .progressCheck, let start = order.quote?.answer?.answeredAt {
            checkBy =
                RepairDeadlines.progressCheck(start: start, promise: promise, atManufacturer: order.quote?.answer?.atManufacturer ?? false)
                .checkBy
        }
        let event = RepairDeadlineDue(
            repairOrderID: order.id,
            caseID: order.caseID,
            merchantID: order.merchantID,
            kind: deadline,
            dueAt: timer.dueAt,
            promisedBy: promise,
            checkBy: checkBy,
            previousPromisedBy: payload.previousPromisedBy
        )
        try await context.outbox.append(
            event,
            subjectID: order.id.wire,
            tenant: context.tenant,
            now: context.now,
            on: context.connection,
            logger: context.logger
        )
        context.logger.info("repair deadline due", metadata: ["repair_order.id": "\(order.id.wire)", "deadline": "\(deadline.rawValue)"])
    }
}
