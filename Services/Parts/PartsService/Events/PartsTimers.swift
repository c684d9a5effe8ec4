import Foundation
import Logging
import Models
import ServiceKit

/// Parts' durable timers, each in the transaction of the timer's completion: a reservation not consumed
/// by its expiry is released (its stock available again); a purchase request past its expected arrival
/// with goods outstanding is chased, and chased again every interval until received or cancelled.
///
/// The worker holds the timer's row while its handler runs, and a request that ends a reservation or a
/// purchase request holds that record while it cancels the timer: the handler takes the record without
/// waiting (NOWAIT), and when a request has it, fails at once and is retried after a backoff — instead of
/// the two waiting for each other.
enum PartsTimers {
    static func reservationExpired(_ timer: FiredTimer, context: EventContext) async throws {
        let payload = try timer.payload(as: StockWriter.SubjectPayload.self)
        guard
            let id = UUID(uuidString: payload.id),
            let reservation = try await ReservationStore().find(
                id,
                locked: true,
                nowait: true,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ),
            reservation.status == .held
        else { return }
        _ = try await StockWriter(context).end(reservation, .expire)
        context.logger.info("reservation expired", metadata: ["reservation.id": "\(id.wire)"])
    }

    static func deliveryOverdue(_ timer: FiredTimer, settings: PartsSettings, context: EventContext) async throws {
        let payload = try timer.payload(as: StockWriter.SubjectPayload.self)
        guard
            let id = UUID(uuidString: payload.id),
            var purchase = try await PurchaseStore().find(
                id,
                locked: true,
                nowait: true,
                tenant: context.tenant,
                on: context.connection,
                logger: context.logger
            ),
            purchase.isOverdue(at: context.now)
        else { return }
        purchase.chaseCount += 1
        purchase.updatedAt = context.now
        try await PurchaseStore().update(purchase, tenant: context.tenant, on: context.connection, logger: context.logger)
        let writer = StockWriter(context)
        let next = context.now.addingTimeInterval(TimeInterval(settings.deliveryChaseHours * 3600))
        try await writer.scheduleChase(id, at: next)
        try await writer.emit(
            DeliveryOverdue(
                purchaseRequestID: id,
                supplierID: purchase.supplierID,
                expectedArrival: purchase.expectedArrival,
                chaseNumber: purchase.chaseCount,
                dueAt: next,
                requisitionIDs: purchase.requisitionIDs
            ),
            subject: id
        )
        context.logger.notice("supplier delivery overdue", metadata: ["purchase_request.id": "\(id.wire)", "chase": "\(purchase.chaseCount)"])
    }
}
