import Foundation
import Models
import ServiceKit

/// Repairs follows the parts its orders wait for (rules.md §2(f) 7, WS-06, WS-15): each event of Parts
/// updates the read model in the transaction of its inbox record, so a redelivery changes nothing twice.
/// The repair-order issue moves promised completions on it.
enum PartsFollowing {
    static func keep(on handlers: inout EventHandlers) {
        let store = PartsReadModelStore()
        handlers.on(RequisitionChanged.self) { event, _, context in try await store.requisition(event, context) }
        handlers.on(PurchaseChanged.self) { event, _, context in try await store.purchase(event, context) }
        handlers.on(DeliveryOverdue.self) { event, _, context in try await store.overdue(event, context) }
        handlers.on(ReservationChanged.self) { event, _, context in try await store.reservation(event, context) }
        handlers.on(PartFailed.self) { event, _, context in try await store.failed(event, context) }
    }
}
