import Models
import ServiceKit

/// How Intake's case record follows what Dispatch reports about it (rules.md §2(b)): queued for its
/// merchant, acknowledged, or not acknowledged in time. Each runs in the inbox's transaction.
enum CaseEventHandlers {
    static var all: EventHandlers {
        var handlers = EventHandlers()
        let store = CaseStore()
        handlers.on(CaseQueuedForMerchant.self) { event, _, context in
            try await store.advance(
                event.fields.caseID,
                to: .dispatchedToMerchant,
                from: [.recorded],
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
        }
        handlers.on(CaseAcknowledgedByMerchant.self) { event, _, context in
            try await store.advance(
                event.fields.caseID,
                to: .atMerchant,
                from: [.recorded, .dispatchedToMerchant],
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
        }
        handlers.on(MerchantResponseOverdue.self) { event, _, context in
            try await store.advance(
                event.fields.caseID,
                to: .merchantResponseOverdue,
                from: [.recorded, .dispatchedToMerchant],
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            )
        }
        return handlers
    }
}

extension CaseRegistered {
    /// The event of a case just registered.
    init(_ record: AfterSalesCase) {
        let registration = record.registration
        self.init(
            caseID: record.id,
            orderNumber: registration.orderNumber,
            productName: registration.productName,
            productModel: registration.productModel,
            quantity: registration.quantity,
            purchaseDate: registration.purchaseDate,
            reason: registration.reason,
            requestedResolution: registration.requestedResolution,
            merchantID: registration.merchantID
        )
    }
}
