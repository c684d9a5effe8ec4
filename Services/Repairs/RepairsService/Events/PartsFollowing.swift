import Foundation
import Models
import ServiceKit

/// Repairs follows the parts its orders wait for (rules.md §2(f) 7, WS-06, WS-15): each event of Parts
/// updates the read model in the transaction of its inbox record, so a redelivery changes nothing twice —
/// and moves the order: a part Parts could not hold (a requisition filed for the order) makes a repair wait;
/// the supplier's expected arrival moves its promised completion; when the last awaited part has arrived the
/// repair goes on and the parts are requested again.
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
        handlers.on(ReservationChanged.self) { event, _, context in try await store.reservation(event, context) }
        handlers.on(PartFailed.self) { event, _, context in try await store.failed(event, context) }
    }

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
        } else if open == 0, order.status == .awaitingParts, case .success(let next) = RepairOrderLife.next(order.status, .partsArrived) {
            order.status = next
            let held = try await parts.parts(of: orderID, tenant: tenant, on: connection, logger: logger).held
            try await writer.save(
                &order,
                step: RepairOrderStep.partsArrived.name,
                effects: [.request(RepairOrder.partsNeeded(order.agreedLines, less: held))]
            )
            return
        }
        // The promise follows the latest expected arrival: the work and its margin start when the parts come.
        guard open > 0, let arrival = try await parts.latestArrival(of: orderID, tenant: tenant, on: connection, logger: logger),
            let quote = order.quote
        else { return }
        let promise = RepairQuote.promise(start: arrival, workMinutes: quote.workMinutes)
        if let current = order.promisedBy, promise <= current { return }
        order.promisedBy = promise
        try await writer.save(&order, step: "promise_moved")
    }
}
