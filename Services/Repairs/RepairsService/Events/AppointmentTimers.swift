import Foundation
import Logging
import Models
import ServiceKit

/// An appointment's durable timers (rules.md §5 T-33, T-38): when one falls due and the order's appointment is
/// still the one it was set for, and still not past it, `repairs.appointment_due` says so.
enum AppointmentTimers {
    static let timed: [AppointmentDeadlineKind] = [.reminder, .completionAtRisk, .arrivalOverdue]

    struct Payload: Codable, Sendable {
        let id: String
        /// The appointment it was set for: a rescheduled one's timers never fire for the new one.
        let windowStart: Date
    }

    static func kind(_ deadline: AppointmentDeadlineKind) -> String { "repairs.appointment.\(deadline.rawValue)" }

    static func keep(on handlers: inout TimerHandlers) {
        for deadline in timed {
            handlers.on(kind(deadline)) { timer, context in try await fired(deadline, timer, context) }
        }
    }

    static func due(_ kind: AppointmentDeadlineKind, at dueAt: Date, order: RepairOrder, appointment: Appointment) -> RepairAppointmentDue {
        RepairAppointmentDue(
            repairOrderID: order.id,
            caseID: order.caseID,
            merchantID: order.merchantID,
            kind: kind,
            dueAt: dueAt,
            appointmentKind: appointment.kind,
            windowStart: appointment.windowStart,
            windowEnd: appointment.windowEnd,
            agreedCompletion: appointment.agreedCompletion
        )
    }

    static func fired(_ deadline: AppointmentDeadlineKind, _ timer: FiredTimer, _ context: EventContext) async throws {
        let payload = try timer.payload(as: Payload.self)
        guard let order = try await RepairOrderStore().forTimer(payload.id, context),
            !order.status.isFinal,
            let appointment = order.appointment,
            abs(appointment.windowStart.timeIntervalSince(payload.windowStart)) < 0.001,
            AppointmentRules.stillApplies(deadline, to: appointment)
        else { return }
        try await context.outbox.append(
            due(deadline, at: timer.dueAt, order: order, appointment: appointment),
            subjectID: order.id.wire,
            tenant: context.tenant,
            now: context.now,
            on: context.connection,
            logger: context.logger
        )
        context.logger.info("appointment deadline due", metadata: ["repair_order.id": "\(order.id.wire)", "deadline": "\(deadline.rawValue)"])
    }
}
