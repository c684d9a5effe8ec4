import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// What a step asks of Parts besides telling everyone about it.
enum PartsEffect: Sendable {
    /// Hold these parts for the order (or requisition what cannot be held).
    case request([RepairPartLine])
    /// Consume (fitted) or release (unused) everything held for the order.
    case settle(RepairPartsOutcome, reason: String?)
}

/// Writes a step taken on a repair order in the transaction of the request or event that took it: the order
/// with its version moved on, `repairs.order_changed` for its case and the merchant, and what Parts must do.
struct OrderWriter {
    let connection: PostgresConnection
    let tenant: TenantID
    let now: Date
    let logger: Logger
    let outbox: Outbox
    let settings: RepairsSettings

    init(_ connection: PostgresConnection, tenant: TenantID, now: Date, logger: Logger, outbox: Outbox, settings: RepairsSettings) {
        self.connection = connection
        self.tenant = tenant
        self.now = now
        self.logger = logger
        self.outbox = outbox
        self.settings = settings
    }

    init(_ context: EventContext, settings: RepairsSettings) {
        self.init(context.connection, tenant: context.tenant, now: context.now, logger: context.logger, outbox: context.outbox, settings: settings)
    }

    /// Asks Parts again for the order's whole need, the order unchanged (a hold expired at Parts).
    func requestParts(for order: RepairOrder) async throws {
        try await emit(.request(RepairOrder.partsNeeded(order.agreedLines)), for: order)
    }

    /// A new order, announced.
    func open(_ order: RepairOrder) async throws {
        try await RepairOrderStore().insert(order, tenant: tenant, on: connection, logger: logger)
        try await announce(order, step: "opened")
    }

    /// Saves `order` after `step` (named as events name it) and emits its events.
    func save(_ order: inout RepairOrder, step: String, effects: [PartsEffect] = []) async throws {
        order.version += 1
        order.updatedAt = now
        try await RepairOrderStore().update(order, tenant: tenant, on: connection, logger: logger)
        try await announce(order, step: step)
        for effect in effects { try await emit(effect, for: order) }
    }

    private func emit(_ effect: PartsEffect, for order: RepairOrder) async throws {
        switch effect {
        case .request(let lines) where !lines.isEmpty:
            let payload = RepairPartsRequested(
                repairOrderID: order.id,
                caseID: order.caseID,
                deviceModel: order.device.model ?? order.device.productName,
                faultCause: order.reportedFault,
                holdHours: settings.partsHoldHours,
                lines: lines
            )
            try await outbox.append(payload, subjectID: order.id.wire, tenant: tenant, now: now, on: connection, logger: logger)
        case .request: break
        case .settle(let outcome, let reason):
            let payload = RepairPartsSettled(repairOrderID: order.id, outcome: outcome, serialNumber: order.device.serialNumber, reason: reason)
            try await outbox.append(payload, subjectID: order.id.wire, tenant: tenant, now: now, on: connection, logger: logger)
        }
    }

    private func announce(_ order: RepairOrder, step: String) async throws {
        let stage = RepairOrderLife.stage(order.status)
        // The promise is the deadline while the repair is under way.
        let dueAt = [.opened, .diagnosed, .awaitingParts].contains(stage) ? order.promisedBy : nil
        let event = RepairOrderChanged(
            repairOrderID: order.id,
            caseID: order.caseID,
            merchantID: order.merchantID,
            stage: stage,
            status: order.status,
            step: step,
            dueAt: dueAt
        )
        try await outbox.append(event, subjectID: order.id.wire, tenant: tenant, now: now, on: connection, logger: logger)
    }
}

extension RepairOrder {
    /// The lines of the accepted quote and the approved extra work.
    var agreedLines: [RepairQuote.Line] {
        (quote?.lines ?? []) + extraWork.filter { $0.approved == true }.flatMap(\.lines)
    }

    /// The order's whole need from stock in `lines` — ours, not the customer's, with a part and a location —
    /// per part and location. Parts compares it with what it holds and awaits for the order, so asking again
    /// (a redelivery, extra work, an arrival, an expired hold) holds or requisitions only what is missing.
    static func partsNeeded(_ lines: [RepairQuote.Line]) -> [RepairPartLine] {
        var needed: [String: RepairPartLine] = [:]
        for line in lines {
            guard case .part(let part) = line.work, part.origin != .customerSupplied, let partID = part.partID, let location = part.locationID
            else { continue }
            let key = "\(partID.wire)/\(location.wire)"
            let before = needed[key]?.quantity ?? 0
            needed[key] = RepairPartLine(partID: partID, locationID: location, quantity: before + part.quantity)
        }
        return needed.keys.sorted().compactMap { needed[$0] }
    }
}
