import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

extension OrderWriter {
    /// Announces the step of the order's appointment and moves its deadlines (``AppointmentRules``), in the
    /// transaction that saved the order; a bay reserved is told to the supervisor at once, due by the end of
    /// the day (T-34).
    func appointmentChanged(_ order: RepairOrder, step: AppointmentStep, reason: String?) async throws {
        guard let appointment = order.appointment else { return }
        let changed = RepairAppointmentChanged(
            repairOrderID: order.id,
            caseID: order.caseID,
            merchantID: order.merchantID,
            step: step,
            kind: appointment.kind,
            windowStart: appointment.windowStart,
            windowEnd: appointment.windowEnd,
            agreedCompletion: appointment.agreedCompletion,
            reason: reason
        )
        try await outbox.append(changed, subjectID: order.id.wire, tenant: tenant, now: now, on: connection, logger: logger)
        if appointment.kind == .workshopBay, [.booked, .rescheduled, .missed].contains(step) {
            let calendar = try await TenantCalendars.calendar(of: tenant, on: connection, logger: logger)
            let endOfDay = calendar.startOfDay(calendar.localDate(of: now).adding(days: 1))
            try await outbox.append(
                AppointmentTimers.due(.bayReserved, at: endOfDay, order: order, appointment: appointment),
                subjectID: order.id.wire,
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        }
        let subject = EventSubject(kind: RepairOrderChanged.subjectKind, id: order.id.wire)
        let plan = AppointmentRules.deadlines(of: appointment, now: now)
        for kind in AppointmentTimers.timed {
            try await timers.cancel(AppointmentTimers.kind(kind), subject: subject, tenant: tenant, on: connection, logger: logger)
            guard let due = plan[kind] else { continue }
            _ = try await timers.schedule(
                AppointmentTimers.kind(kind),
                subject: subject,
                dueAt: due,
                payload: AppointmentTimers.Payload(id: order.id.wire, windowStart: appointment.windowStart),
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        }
    }
}
