import Foundation
import Logging
import Models
import ServiceKit

/// Parts does for repair orders what Repairs asks through its events (rules.md §2(f) 7, WS-15), in the
/// transaction of the event's inbox record — so a redelivered request holds nothing twice and a redelivered
/// settlement consumes nothing twice:
/// - the parts of an accepted quote are held for the order; a line that cannot be held (too few available,
///   or the part has no stock at the location) is requisitioned for the order instead, which Repairs follows
///   until the part arrives;
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
        for line in event.lines.sorted(by: { $0.partID.uuidString < $1.partID.uuidString }) where (1...10_000).contains(line.quantity) {
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
        for id in try await ReservationStore().held(for: event.repairOrderID, tenant: tenant, on: connection, logger: logger) {
            guard let held = try await ReservationStore().find(id, locked: true, tenant: tenant, on: connection, logger: logger), held.status == .held
            else { continue }
            switch event.outcome {
            case .fitted:
                var replacement: Replacement?
                if let serial = event.serialNumber {
                    let part = try await PartStore().find(id: held.partID, partNumber: nil, tenant: tenant, on: connection, logger: logger)
                    replacement = Replacement(
                        id: .v7(),
                        partID: held.partID,
                        supplierID: part?.cataloguing.suppliers.first?.supplierID,
                        serial: serial,
                        repairOrderID: held.repairOrderID,
                        caseID: held.caseID,
                        reservationID: held.id,
                        installedAt: context.now
                    )
                }
                let consumed = try await writer.end(held, .consume(replacementID: replacement?.id))
                if let replacement, consumed.replacementID == replacement.id {
                    try await ReplacementStore().insert(replacement, tenant: tenant, on: connection, logger: logger)
                }
            case .unused:
                _ = try await writer.end(held, .release(reason: event.reason.map { String($0.prefix(200)) } ?? "the repair no longer needs it"))
            }
        }
        guard event.outcome == .unused else { return }
        let store = RequisitionStore()
        for var requisition in try await store.list(
            statuses: [.requested, .verified],
            repairOrderID: event.repairOrderID,
            locked: true,
            tenant: tenant,
            on: connection,
            logger: logger
        ) {
            requisition.status = .cancelled
            requisition.updatedAt = context.now
            try await store.update(requisition, tenant: tenant, on: connection, logger: logger)
            try await writer.emit(requisition.event, subject: requisition.id)
        }
    }
}
