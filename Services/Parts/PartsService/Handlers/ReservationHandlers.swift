import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Reservations for repair orders: hold, release, consume (into a device, recorded as a replacement), and
/// their expiry by a durable timer.
extension PartsHandlers {
    func reservePart(_ input: Operations.ReservePart.Input) async throws -> Operations.ReservePart.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.uuid(request.partId, "partId")
            let locationID = checks.uuid(request.locationId, "locationId")
            let quantity = checks.number(request.quantity, "quantity", range: 1...10_000)
            let repairOrderID = checks.uuid(request.repairOrderId, "repairOrderId")
            let caseID = checks.optionalUUID(request.caseId, "caseId")
            let hold = checks.number(request.holdHours, "holdHours", range: 1...720, fallback: settings.reservationHoldHours)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let reservation = Reservation(
                id: .v7(),
                partID: partID!,
                locationID: locationID!,
                quantity: quantity,
                repairOrderID: repairOrderID!,
                caseID: caseID,
                expiresAt: now.addingTimeInterval(TimeInterval(hold * 3600)),
                createdAt: now
            )
            let expiry = try environment.timers.entry(
                StockWriter.reservationExpiryKind,
                subject: StockWriter.subject(of: reservation),
                dueAt: reservation.expiresAt,
                payload: StockWriter.SubjectPayload(id: reservation.id.wire),
                tenant: caller.tenant,
                now: now
            )
            let event = try environment.outbox.entry(reservation.event, subjectID: reservation.id.wire, tenant: caller.tenant, now: now)
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Reservation(reservation)) { connection in
                let ledger = StockLedger()
                guard
                    let level = try await ledger.reserve(
                        reservation,
                        actor: caller.principal.subject,
                        expiry: expiry,
                        announcing: event,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else {
                    throw try await ledger.explain(
                        partID!,
                        location: locationID!,
                        field: "quantity",
                        reserving: true,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                }
                try await writer(connection, caller, now: now).belowSafety(level, availableBefore: level.available + quantity)
            }
            return .ok(answer)
        }
    }

    func getReservation(_ input: Operations.GetReservation.Input) async throws -> Operations.GetReservation.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.reservationId, "reservationId")
            let found = try await environment.read(caller) { connection in
                try await ReservationStore().find(id, locked: false, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notFound("reservation \(id.wire)") }
            return .ok(Components.Schemas.Reservation(found))
        }
    }

    func releaseReservation(_ input: Operations.ReleaseReservation.Input) async throws -> Operations.ReleaseReservation.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.reservationId, "reservationId")
            let reason = checks.optionalText(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let held = try await Self.reservation(id!, caller, on: connection)
                return Components.Schemas.Reservation(try await writer(connection, caller, now: now).end(held, .release(reason: reason)))
            }
            return .ok(answer)
        }
    }

    func consumeReservation(_ input: Operations.ConsumeReservation.Input) async throws -> Operations.ConsumeReservation.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.reservationId, "reservationId")
            let serial = request.serial.map { checks.text($0, "serial", max: 64) }
            let supplierID = checks.optionalUUID(request.supplierId, "supplierId")
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let held = try await Self.reservation(id!, caller, on: connection)
                if let supplierID,
                    try await SupplierStore().firstUnknown([supplierID], tenant: caller.tenant, on: connection, logger: caller.logger) != nil
                {
                    throw ErrorBody.invalidArgument("supplierId", "is not a supplier of this tenant")
                }
                var replacement: Replacement?
                if let serial, held.status == .held {
                    let part = try await Self.part(held.partID, tenant: caller.tenant, on: connection, logger: caller.logger)
                    replacement = Replacement(
                        id: .v7(),
                        partID: held.partID,
                        supplierID: supplierID ?? part.cataloguing.suppliers.first?.supplierID,
                        serial: serial,
                        repairOrderID: held.repairOrderID,
                        caseID: held.caseID,
                        reservationID: held.id,
                        installedAt: now
                    )
                }
                let consumed = try await writer(connection, caller, now: now).end(held, .consume(replacementID: replacement?.id))
                if let replacement, consumed.replacementID == replacement.id {
                    try await ReplacementStore().insert(replacement, tenant: caller.tenant, on: connection, logger: caller.logger)
                }
                return Components.Schemas.Reservation(consumed)
            }
            return .ok(answer)
        }
    }

    /// The reservation, locked, or not_found.
    static func reservation(_ id: UUID, _ caller: TenantCaller, on connection: PostgresConnection) async throws -> Reservation {
        guard let found = try await ReservationStore().find(id, locked: true, tenant: caller.tenant, on: connection, logger: caller.logger) else {
            throw ErrorBody.notFound("reservation \(id.wire)")
        }
        return found
    }
}
