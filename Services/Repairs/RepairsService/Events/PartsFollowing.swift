import Foundation
import Models
import ServiceKit

/// Repairs follows the parts its orders wait for (rules.md §2(f) 7, WS-06, WS-15): each event of Parts
/// updates the read model in the transaction of its inbox record, so a redelivery changes nothing twice —
/// and moves the order: a part Parts could not hold (a requisition filed for the order) makes a repair wait;
/// the supplier's expected arrival moves its promised completion; when the last awaited part has arrived the
/// repair goes on and the parts are requested again (Parts holds what is missing of the order's need). A
/// rejected or cancelled requisition leaves the order waiting: the desk decides with the customer. A hold
/// that expired at Parts while the repair goes on is asked for again.
enum PartsFollowing {
    static func keep(on handlers: inout EventHandlers, settings: RepairsSettings) {
        let store = PartsReadModelStore()
        handlers.on(RequisitionChanged.self) { event, _, context in
            try await store.requisition(event, context)
            guard let order = event.repairOrderID else { return }
            try await follow(order, after: event.status, settings: settings, context)
        }
        handlers.on(PurchaseChanged.self) { event, _, context in
            try await store.purchase(event, context)
            for order in try await store.orders(
                waitingOn: event.requisitionIDs,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ) {
                try await follow(order, after: nil, settings: settings, context)
            }
        }
        handlers.on(DeliveryOverdue.self) { event, _, context in try await store.overdue(event, context) }
        handlers.on(ReservationChanged.self) { event, _, context in
            try await store.reservation(event, context)
            if event.status == .expired { try await expired(event.repairOrderID, settings: settings, context) }
        }
        handlers.on(PartFailed.self) { event, _, context in try await store.failed(event, context) }
    }

    /// The states in which the order's parts are still to go into the device.
    static let stillFitting: Set<RepairOrderStatus> = [.inRepair, .awaitingParts, .awaitingAddonApproval, .onHoldSpecial, .repaired]

    /// Moves `orderID` on what its parts now say; `requisition` is the status a requisition of it just took.
    static func follow(_ orderID: UUID, after requisition: RequisitionStatus?, settings: RepairsSettings, _ context: EventContext) async throws {
        let (tenant, connection, logger) = (context.tenant, context.connection, context.logger)
        guard var order = try await RepairOrderStore().find(orderID, merchant: nil, locked: true, tenant: tenant, on: connection, logger: logger)
        else { return }
        let parts = PartsReadModelStore()
        let writer = OrderWriter(context, settings: settings)
        let open = try await parts.openWaits(of: orderID, tenant: tenant, on: connection, logger: logger)
        if requisition == .requested, order.status == .inRepair, case .success(let next) = RepairOrderLife.next(order.status, .partsShort) {
            order.status = next
            try await writer.save(&order, step: RepairOrderStep.partsShort.name)
        } else if requisition == .received, Self.stillFitting.contains(order.status) {
            // The part is in stock now: Parts holds it for the order (it holds only what is missing).
            guard open == 0, case .success(let next) = RepairOrderLife.next(order.status, .partsArrived) else {
                try await writer.requestParts(for: order)
                return
            }
            order.status = next
            try await writer.save(&order, step: RepairOrderStep.partsArrived.name, effects: [.request(RepairOrder.partsNeeded(order.agreedLines))])
            return
        }
        // The promise follows the latest expected arrival: the work and its margin start when the parts come.
        guard open > 0, let arrival = try await parts.latestArrival(of: orderID, tenant: tenant, on: connection, logger: logger),
            order.quote != nil
        else { return }
        let promise = RepairQuote.promise(start: arrival, workMinutes: min(order.workMinutes, RepairQuote.maxMinutes))
        let before = order.promisedBy
        if let before, promise <= before { return }
        order.promisedBy = promise
        try await writer.save(&order, step: "promise_moved", promisedBefore: before)
    }

    /// A hold of the order expired at Parts (a long wait): while the parts are still to go into the device,
    /// they are asked for again.
    static func expired(_ orderID: UUID, settings: RepairsSettings, _ context: EventContext) async throws {
        let (tenant, connection, logger) = (context.tenant, context.connection, context.logger)
        guard let order = try await RepairOrderStore().find(orderID, merchant: nil, locked: true, tenant: tenant, on: connection, logger: logger),
            stillFitting.contains(order.status)
        else { return }
        try await OrderWriter(context, settings: settings).requestParts(for: order)
    }
}
