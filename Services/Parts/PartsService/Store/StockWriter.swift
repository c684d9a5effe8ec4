import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The steps that change stock and tell the platform, shared by the operations and the timers, inside one
/// transaction: post a ledger entry (and say so when it takes a part below its safety level), end a
/// reservation, append an event.
struct StockWriter {
    static let reservationExpiryKind = "parts.reservation_expiry"
    static let deliveryOverdueKind = "parts.delivery_overdue"

    struct SubjectPayload: Codable, Sendable { let id: String }

    let connection: PostgresConnection
    let tenant: TenantID
    let now: Date
    let outbox: Outbox
    let timers: Timers
    let logger: Logger
    let actor: String
    let ledger = StockLedger()

    init(_ connection: PostgresConnection, tenant: TenantID, now: Date, outbox: Outbox, timers: Timers, logger: Logger, actor: String) {
        self.connection = connection
        self.tenant = tenant
        self.now = now
        self.outbox = outbox
        self.timers = timers
        self.logger = logger
        self.actor = actor
    }

    init(_ context: EventContext) {
        self.init(
            context.connection,
            tenant: context.tenant,
            now: context.now,
            outbox: context.outbox,
            timers: context.timers,
            logger: context.logger,
            actor: "system"
        )
    }

    /// Posts `change` for (part, location); `field` is named when it is refused for want of stock.
    @discardableResult
    func post(
        _ change: StockChange,
        part partID: UUID,
        location locationID: UUID,
        reference: (kind: StockReferenceKind, id: UUID)? = nil,
        reason: String? = nil,
        field: String
    ) async throws -> StockLevel {
        let entry = StockLedger.Entry(
            partID: partID,
            locationID: locationID,
            change: change,
            reference: reference,
            reason: reason,
            actor: actor,
            now: now
        )
        guard let (availableBefore, level) = try await ledger.post(entry, tenant: tenant, on: connection, logger: logger) else {
            throw try await ledger.explain(partID, location: locationID, field: field, tenant: tenant, on: connection, logger: logger)
        }
        try await belowSafety(level, availableBefore: availableBefore)
        return level
    }

    /// The reorder suggestion, when a change just took available below the safety level.
    func belowSafety(_ level: StockLevel, availableBefore: Int) async throws {
        guard SafetyStock.crossedBelow(availableBefore: availableBefore, availableAfter: level.available, level: level.safetyStock) else { return }
        let event = StockBelowSafety(
            partID: level.partID,
            locationID: level.locationID,
            available: level.available,
            onOrder: level.onOrder,
            safetyStock: level.safetyStock,
            suggestedReorder: level.suggestedReorder
        )
        try await emit(event, subject: level.partID)
        logger.notice("stock below its safety level", metadata: ["part.id": "\(level.partID.wire)", "location.id": "\(level.locationID.wire)"])
    }

    /// Ends a reservation: its stock change posted, its expiry timer cancelled, its event appended.
    /// - Returns: the reservation as it now stands.
    func end(_ reservation: Reservation, _ ending: Reservation.Ending) async throws -> Reservation {
        switch reservation.ending(ending, at: now) {
        case .unchanged:
            return reservation
        case .refused(let error):
            throw error
        case .ended(let ended, let change):
            try await post(
                change,
                part: ended.partID,
                location: ended.locationID,
                reference: (.reservation, ended.id),
                reason: ended.closeReason,
                field: "reservationId"
            )
            try await ReservationStore().close(ended, tenant: tenant, on: connection, logger: logger)
            if ending != .expire {
                try await timers.cancel(Self.reservationExpiryKind, subject: Self.subject(of: ended), tenant: tenant, on: connection, logger: logger)
            }
            try await emit(ended.event, subject: ended.id)
            return ended
        }
    }

    func emit<P: EventPayload>(_ payload: P, subject: UUID) async throws {
        try await outbox.append(payload, subjectID: subject.wire, tenant: tenant, now: now, on: connection, logger: logger)
    }

    static func subject(of reservation: Reservation) -> EventSubject { EventSubject(kind: ReservationChanged.subjectKind, id: reservation.id.wire) }
    static func subject(ofPurchase id: UUID) -> EventSubject { EventSubject(kind: PurchaseChanged.subjectKind, id: id.wire) }

    /// (Re)schedules a purchase request's overdue chase for `dueAt`.
    func scheduleChase(_ purchaseID: UUID, at dueAt: Date) async throws {
        let subject = Self.subject(ofPurchase: purchaseID)
        try await timers.cancel(Self.deliveryOverdueKind, subject: subject, tenant: tenant, on: connection, logger: logger)
        try await timers.schedule(
            Self.deliveryOverdueKind,
            subject: subject,
            dueAt: dueAt,
            payload: SubjectPayload(id: purchaseID.wire),
            tenant: tenant,
            now: now,
            on: connection,
            logger: logger
        )
    }
}
