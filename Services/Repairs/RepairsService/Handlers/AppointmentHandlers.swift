import Foundation
import Models
import RepairsAPI
import ServiceKit

/// Appointments of an order (rules.md §2(e), §5 T-33, T-34, T-38): booked, rescheduled (missed too), the
/// arrival and the completion recorded — each a change of the order that leaves its state, announced with the
/// appointment's deadlines moved (``OrderWriter/appointmentChanged(_:step:reason:)``).
extension RepairsHandlers {
    func bookAppointment(_ input: Operations.BookAppointment.Input) async throws -> Operations.BookAppointment.Output {
        try await answering { caller in
            let request = input.request
            let draft = AppointmentRules.Draft(
                kind: request.kind,
                windowStart: request.windowStart,
                windowEnd: request.windowEnd,
                address: request.address,
                bay: request.bay,
                technician: request.technician,
                agreedCompletion: request.agreedCompletion
            )
            let booked = try AppointmentRules.validate(draft, now: environment.clock.now(), by: caller.principal.subject).get()
            return .ok(
                try await amend(
                    on: request.repairOrderId,
                    caller,
                    named: "appointment_booked",
                    apply: { order, context in
                        if let open = order.appointment, open.completedAt == nil {
                            throw ErrorBody.failedPrecondition(
                                "repairOrderId",
                                "an appointment is open (\(RFC3339.string(open.windowStart))): reschedule it"
                            )
                        }
                        if let done = order.appointment { order.appointmentHistory.append(done) }
                        var appointment = booked
                        appointment.bookedAt = context.now
                        order.appointment = appointment
                        return []
                    },
                    then: { order, writer in try await writer.appointmentChanged(order, step: .booked, reason: nil) }
                )
            )
        }
    }

    func rescheduleAppointment(_ input: Operations.RescheduleAppointment.Input) async throws -> Operations.RescheduleAppointment.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let reason = checks.text(request.reason, "reason", max: 500)
            try checks.throwIfFailed()
            let missed = request.missed ?? false
            let actor = caller.principal.subject
            return .ok(
                try await amend(
                    on: request.repairOrderId,
                    caller,
                    named: missed ? "appointment_missed" : "appointment_rescheduled",
                    apply: { order, context in
                        guard var old = order.appointment, old.arrivedAt == nil else {
                            throw ErrorBody.failedPrecondition("repairOrderId", "no appointment waiting for its arrival")
                        }
                        let draft = AppointmentRules.Draft(
                            kind: old.kind,
                            windowStart: request.windowStart,
                            windowEnd: request.windowEnd,
                            address: old.address,
                            bay: old.bay,
                            technician: old.technician,
                            agreedCompletion: request.agreedCompletion ?? old.agreedCompletion.flatMap { $0 >= request.windowEnd ? $0 : nil }
                        )
                        let next = try AppointmentRules.validate(draft, now: context.now, by: actor).get()
                        old.outcome = missed ? .missed : .rescheduled
                        old.reason = reason
                        old.endedAt = context.now
                        order.appointmentHistory.append(old)
                        order.appointment = next
                        return []
                    },
                    then: { order, writer in try await writer.appointmentChanged(order, step: missed ? .missed : .rescheduled, reason: reason) }
                )
            )
        }
    }

    func recordVisitArrival(_ input: Operations.RecordVisitArrival.Input) async throws -> Operations.RecordVisitArrival.Output {
        try await answering { caller in
            .ok(
                try await amend(
                    on: input.request.repairOrderId,
                    caller,
                    named: "visit_arrived",
                    apply: { order, context in
                        guard order.appointment != nil, order.appointment?.arrivedAt == nil else {
                            throw ErrorBody.failedPrecondition("repairOrderId", "no appointment waiting for its arrival")
                        }
                        order.appointment?.arrivedAt = context.now
                        return []
                    },
                    then: { order, writer in try await writer.appointmentChanged(order, step: .arrived, reason: nil) }
                )
            )
        }
    }

    func recordVisitCompletion(_ input: Operations.RecordVisitCompletion.Input) async throws -> Operations.RecordVisitCompletion.Output {
        try await answering { caller in
            .ok(
                try await amend(
                    on: input.request.repairOrderId,
                    caller,
                    named: "visit_completed",
                    apply: { order, context in
                        guard order.appointment?.arrivedAt != nil, order.appointment?.completedAt == nil else {
                            throw ErrorBody.failedPrecondition("repairOrderId", "no visit under way: record the arrival first")
                        }
                        order.appointment?.completedAt = context.now
                        return []
                    },
                    then: { order, writer in try await writer.appointmentChanged(order, step: .completed, reason: nil) }
                )
            )
        }
    }
}
