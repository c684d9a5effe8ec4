import Foundation
import Logging
import Models
import ServiceKit

/// Orders opened by events (rules.md §2(b) step 4, DESIGN §6): an agreed repair — by the merchant or the
/// tenant's own workshop — opens a repair order for the case, registered with the device and fault the case
/// was registered with. The cases themselves are kept from Intake's events, so an order's case is checked
/// locally; the merchants from Dispatch's (``MerchantDirectory``).
enum OrderOpening {
    static func keep(on handlers: inout EventHandlers, settings: RepairsSettings) {
        let references = ReferenceStore()
        handlers.on(CaseRegistered.self) { event, _, context in try await references.registered(event, context) }
        handlers.on(CaseCancelled.self) { event, _, context in
            try await references.cancelled(event, context)
            try await withdrawn(event, settings: settings, context)
        }
        handlers.on(ResolutionAgreed.self) { event, _, context in try await opened(event, settings: settings, context) }
        MerchantDirectory.keep(on: &handlers)
    }

    /// An agreed repair opens the case's order with its performer — once: a redelivery, or the same repair
    /// agreed again while the order is open, opens nothing new. Other resolutions are Returns'.
    static func opened(_ agreed: ResolutionAgreed, settings: RepairsSettings, _ context: EventContext) async throws {
        guard agreed.resolution == .repair, agreed.carriedOutBy != .returns else { return }
        let merchant = agreed.carriedOutBy == .ownWorkshop ? nil : agreed.merchantID
        let store = RepairOrderStore()
        if try await store.openOrder(
            forCase: agreed.caseID,
            merchant: merchant,
            tenant: context.tenant,
            on: context.connection,
            logger: context.logger
        )
            != nil
        {
            return
        }
        guard let known = try await ReferenceStore().find(agreed.caseID, tenant: context.tenant, on: context.connection, logger: context.logger)
        else {
            // Intake's case event has not arrived yet: the delivery is retried until it has.
            throw ErrorBody(code: .unavailable, message: "case \(agreed.caseID.wire) is not known to Repairs yet")
        }
        guard !known.cancelled else { return }
        let registration = RepairRegistration(
            caseID: agreed.caseID,
            merchantID: merchant,
            // The case's product category picks the QC checklist when it is one (`computer`), else the general one.
            category: known.productCategory.flatMap { QcChecklists.isCategory($0) ? $0 : nil } ?? QcChecklists.general,
            device: Device(productName: known.productName, model: known.productModel, serialNumber: nil),
            reportedFault: known.reportedFault,
            accompanyingItems: []
        )
        let order = RepairOrder(id: .v7(), registration: registration, at: context.now)
        try await OrderWriter(context, settings: settings).open(order)
        context.logger.info("repair order opened from an agreed repair", metadata: ["repair_order.id": "\(order.id.wire)"])
    }

    /// The case was withdrawn: its orders not yet repaired are cancelled (their parts released); one already
    /// repaired is still handed back.
    static func withdrawn(_ cancelled: CaseCancelled, settings: RepairsSettings, _ context: EventContext) async throws {
        let (tenant, connection, logger) = (context.tenant, context.connection, context.logger)
        let store = RepairOrderStore()
        for id in try await store.openOrders(ofCase: cancelled.caseID, tenant: tenant, on: connection, logger: logger) {
            guard var order = try await store.find(id, merchant: nil, locked: true, tenant: tenant, on: connection, logger: logger),
                case .success(let next) = RepairOrderLife.next(order.status, .cancel)
            else { continue }
            let accepted = order.quote?.answer?.accepted == true
            order.status = next
            order.hold = nil
            let reason = String("the case was cancelled: \(cancelled.reason)".prefix(500))
            order.cancellation = Cancellation(reason: reason, cancelledAt: context.now, cancelledBy: "intake")
            try await OrderWriter(context, settings: settings).save(
                &order,
                step: RepairOrderStep.cancel.name,
                effects: accepted ? [.settle(.unused, reason: String(reason.prefix(200)))] : []
            )
        }
    }
}
