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
    let timers = Timers()

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
        try await recordForCase(order, step: "opened")
    }

    /// Saves `order` after `step` (named as events name it), emits its events and moves its deadlines;
    /// `promisedBefore` is the promise before the step, when the step may have moved it.
    func save(_ order: inout RepairOrder, step: String, effects: [PartsEffect] = [], promisedBefore: Date? = nil) async throws {
        order.version += 1
        order.updatedAt = now
        try await RepairOrderStore().update(order, tenant: tenant, on: connection, logger: logger)
        try await announce(order, step: step)
        for effect in effects { try await emit(effect, for: order) }
        try await moveDeadlines(of: order, promisedBefore: promisedBefore)
        try await recordForCase(order, step: step)
    }

    /// Tells the order's case its repair record after a step that changes it, and starts the repair timers of
    /// the case's policy the step triggers (``RepairRecords``).
    private func recordForCase(_ order: RepairOrder, step: String) async throws {
        guard let caseID = order.caseID, RepairRecords.reportedSteps.contains(step) else { return }
        let calendar = try await TenantCalendars.calendar(of: tenant, on: connection, logger: logger)
        let before = try await RepairOrderStore().sameFaultRepairs(before: order, tenant: tenant, on: connection, logger: logger)
        if let record = RepairRecords.record(of: order, sameFaultBefore: before, calendar: calendar, now: now) {
            try await outbox.append(record, subjectID: order.id.wire, tenant: tenant, now: now, on: connection, logger: logger)
        }
        guard let trigger = RepairRecords.trigger(ofStep: step) else { return }
        let subject = EventSubject(kind: RepairOrderChanged.subjectKind, id: order.id.wire)
        for rule in try await ReferenceStore().repairTimers(of: caseID, tenant: tenant, on: connection, logger: logger) where rule.trigger == trigger
        {
            _ = try await timers.schedule(
                PolicyRepairTimers.kind,
                subject: subject,
                dueAt: calendar.expiry(of: rule.duration, from: now),
                payload: PolicyRepairTimers.Payload(id: order.id.wire, name: rule.name, ruleIds: rule.ruleIds, onExpiry: rule.onExpiry),
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        }
    }

    /// The order's deadline timers as its state now says (``RepairDeadlines``).
    private func moveDeadlines(of order: RepairOrder, promisedBefore: Date?) async throws {
        let answer = order.quote?.answer
        let plan = RepairDeadlines.plan(
            status: order.status,
            start: answer?.accepted == true ? answer?.answeredAt : nil,
            promise: order.promisedBy,
            promisedBefore: promisedBefore,
            atManufacturer: answer?.atManufacturer ?? false,
            now: now
        )
        let subject = EventSubject(kind: RepairOrderChanged.subjectKind, id: order.id.wire)
        for kind in RepairDeadlineKind.allCases {
            var due = plan.schedule[kind]
            // The progress check is made once: a moved promise does not ask for it again.
            if kind == .progressCheck, due != nil,
                try await timers.hasFired(RepairTimers.kind(kind), subject: subject, tenant: tenant, on: connection, logger: logger)
            {
                due = nil
            }
            guard due != nil || plan.cancel.contains(kind) else { continue }
            // Each move of the promise has its own delay notice; the others follow the promise.
            if kind != .delayNotice || due == nil {
                try await timers.cancel(RepairTimers.kind(kind), subject: subject, tenant: tenant, on: connection, logger: logger)
            }
            guard let due else { continue }
            let payload = RepairTimers.Payload(id: order.id.wire, previousPromisedBy: kind == .delayNotice ? promisedBefore : nil)
            _ = try await timers.schedule(
                RepairTimers.kind(kind),
                subject: subject,
                dueAt: due,
                payload: payload,
                tenant: tenant,
                now: now,
                on: connection,
                logger: logger
            )
        }
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
