import Foundation
import Logging
import Models
import ServiceKit

/// Parts does for repair orders what Repairs asks through its events (rules.md §2(f) 7, WS-15), in the
/// transaction of the event's inbox record — so a redelivered request holds nothing twice and a redelivered
/// settlement consumes nothing twice:
/// - a request states the order's whole need per part and location; what is not yet held, fitted or on an
///   open requisition of the order is held now, or — too few available, or no stock at the location — is
///   requisitioned for the order instead, which Repairs follows until the part arrives (a part whose
///   requisition for the order the desk rejected is not requisitioned again: the desk decides);
/// - when the order passes quality control everything held for it is consumed, recorded as replacements
///   against the device's serial; when it is declined or cancelled everything held is released and its
///   requisitions not yet ordered are cancelled.
enum RepairParts {
    static let actor = "repairs"

    static func keep(on handlers: inout EventHandlers, settings: PartsSettings) {
        handlers.on(RepairPartsRequested.self) { event, _, context in try await requested(event, context) }
        handlers.on(RepairPartsSettled.self) { event, _, context in try await settled(event, context) }
    }

    static func requested(_ event: RepairPartsRequested, _ context: EventContext) async throws {
        let writer = StockWriter(context)
        let hold = min(720, max(1, event.holdHours))
        // Stock rows in part order, as every other posting takes them.
        let store = ReservationStore()
        for need in event.lines.sorted(by: { ($0.partID.uuidString, $0.locationID.uuidString) < ($1.partID.uuidString, $1.locationID.uuidString) })
        where (1...10_000).contains(need.quantity) {
            let done = try await store.committed(
                to: event.repairOrderID,
                part: need.partID,
                location: need.locationID,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
            let missing = need.quantity - done.held - done.awaited
            guard missing > 0 else { continue }
            let line = RepairPartLine(partID: need.partID, locationID: need.locationID, quantity: missing)
            let reservation = Reservation(
                id: .v7(),
                partID: line.partID,
                locationID: line.locationID,
                quantity: line.quantity,
                repairOrderID: event.repairOrderID,
                caseID: event.caseID,
                expiresAt: context.now.addingTimeInterval(TimeInterval(hold * 3600)),
                createdAt: context.now
            )
            let expiry = try context.timers.entry(
                StockWriter.reservationExpiryKind,
                subject: StockWriter.subject(of: reservation),
                dueAt: reservation.expiresAt,
                payload: StockWriter.SubjectPayload(id: reservation.id.wire),
                tenant: context.tenant,
                now: context.now
            )
            let announced = try context.outbox.entry(reservation.event, subjectID: reservation.id.wire, tenant: context.tenant, now: context.now)
            if let level = try await writer.ledger.reserve(
                reservation,
                actor: actor,
                expiry: expiry,
                announcing: announced,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ) {
                try await writer.belowSafety(level, availableBefore: level.available + line.quantity)
            } else if done.rejected {
                context.logger.notice(
                    "a repair's part whose requisition was rejected is not requisitioned again",
                    metadata: ["part.id": "\(line.partID.wire)"]
                )
            } else {
                try await requisition(line, for: event, writer: writer, context)
            }
        }
    }

    /// A line Parts cannot hold: requisitioned for the order, unless the part is unknown or retired (then
    /// nothing can be ordered; the desk sees the order's part neither held nor awaited).
    static func requisition(_ line: RepairPartLine, for event: RepairPartsRequested, writer: StockWriter, _ context: EventContext) async throws {
        guard
            let part = try await PartStore().find(
                id: line.partID,
                partNumber: nil,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ),
            part.status == .active
        else {
            context.logger.warning("a repair's part cannot be held or requisitioned", metadata: ["part.id": "\(line.partID.wire)"])
            return
        }
        let requisition = Requisition(
            id: .v7(),
            partID: line.partID,
            quantity: line.quantity,
            deviceModel: String(event.deviceModel.prefix(100)),
            faultCause: String(event.faultCause.prefix(500)),
            repairOrderID: event.repairOrderID,
            caseID: event.caseID,
            locationID: line.locationID,
            requestedBy: actor,
            createdAt: context.now,
            updatedAt: context.now
        )
        try await RequisitionStore().insert(requisition, tenant: context.tenant, on: context.connection, logger: context.logger)
        try await writer.emit(requisition.event, subject: requisition.id)
    }

    static func settled(_ event: RepairPartsSettled, _ context: EventContext) async throws {
        let writer = StockWriter(context)
        let (tenant, connection, logger) = (context.tenant, context.connection, context.logger)
        // Requisitions first, then stock rows in part and location order: the order every request takes them in.
        if event.outcome == .unused {
            let requisitions = RequisitionStore()
            for var requisition in try await requisitions.list(
                statuses: [.requested, .verified],
                repairOrderID: event.repairOrderID,
                locked: true,
                tenant: tenant,
                on: connection,
                logger: logger
            ) {
                requisition.status = .cancelled
                requisition.updatedAt = context.now
                try await requisitions.update(requisition, tenant: tenant, on: connection, logger: logger)
                try await writer.emit(requisition.event, subject: requisition.id)
            }
        }
        let store = ReservationStore()
        var held: [Reservation] = []
        for id in try await store.held(for: event.repairOrderID, tenant: tenant, on: connection, logger: logger) {
            if let reservation = try await store.find(id, locked: false, tenant: tenant, on: connection, logger: logger) { held.append(reservation) }
        }
        for unlocked in held.sorted(by: { ($0.partID.uuidString, $0.locationID.uuidString) < ($1.partID.uuidString, $1.locationID.uuidString) }) {
            guard let reservation = try await store.find(unlocked.id, locked: true, tenant: tenant, on: connection, logger: logger),
                reservation.status == .held
            else { continue }
            switch event.outcome {
            case .fitted:
                var replacement: Replacement?
                if let serial = event.serialNumber {
                    let part = try await PartStore().find(id: reservation.partID, partNumber: nil, tenant: tenant, on: connection, logger: logger)
                    replacement = Replacement(
                        id: .v7(),
                        partID: reservation.partID,
                        supplierID: part?.cataloguing.suppliers.first?.supplierID,
                        serial: serial,
                        repairOrderID: reservation.repairOrderID,
                        caseID: reservation.caseID,
                        reservationID: reservation.id,
                        installedAt: context.now
                    )
                }
                let consumed = try await writer.end(reservation, .consume(replacementID: replacement?.id))
                if let replacement, consumed.replacementID == replacement.id {
                    try await ReplacementStore().insert(replacement, tenant: tenant, on: connection, logger: logger)
                }
            case .unused:
                _ = try await writer.end(
                    reservation,
                    .release(reason: event.reason.map { String($0.prefix(200)) } ?? "the repair no longer needs it")
                )
            }
        }
    }
}
