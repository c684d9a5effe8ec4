import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The stock ledger and its balances. Every change of stock is one entry in `stock_movements`, written in
/// the statement that moves the balance in `stock_levels`, whose checks (nothing below zero, reserved never
/// above on hand) hold under any concurrency: a change that would break them moves nothing and returns no
/// row. Entries are never edited (a trigger refuses it).
struct StockLedger {
    /// Who made a movement, and why.
    struct Entry: Sendable {
        var partID: UUID
        var locationID: UUID
        var change: StockChange
        var reference: (kind: StockReferenceKind, id: UUID)?
        var reason: String?
        var actor: String
        var now: Date
    }

    static let levelColumns = "id, part_id, location_id, on_hand, reserved, on_order, safety_stock, safety_source, updated_at"

    /// Reserves `reservation.quantity` units for a repair order — the balance, the ledger entry, the
    /// reservation, its expiry timer and its event in one statement (one round trip on the hot path).
    /// - Returns: the balance after, or nil when fewer are available, the part is retired, or the part has
    ///   no stock at the location (``explain(_:location:tenant:on:logger:)`` says which).
    func reserve(
        _ reservation: Reservation,
        actor: String,
        expiry: TimerEntry,
        announcing event: OutboxEntry,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> StockLevel? {
        let quantity = reservation.quantity
        let rows = try await connection.query(
            """
            WITH level AS (
                UPDATE stock_levels SET reserved = reserved + \(quantity), updated_at = \(reservation.createdAt)
                WHERE tenant_id = \(tenant.uuid) AND part_id = \(reservation.partID) AND location_id = \(reservation.locationID)
                  AND on_hand - reserved >= \(quantity)
                  AND EXISTS (SELECT 1 FROM parts WHERE tenant_id = \(tenant.uuid) AND id = \(reservation.partID) AND status = 'active')
                RETURNING \(unescaped: Self.levelColumns)
            ), movement AS (
                INSERT INTO stock_movements (tenant_id, id, part_id, location_id, kind, on_hand_change, reserved_change, on_hand_after,
                                             reserved_after, reference_kind, reference_id, actor, occurred_at)
                SELECT \(tenant.uuid), \(UUID.v7()), part_id, location_id, 'reservation', 0, \(quantity), on_hand, reserved,
                       'reservation', \(reservation.id), \(actor), \(reservation.createdAt)
                FROM level
            ), reservation AS (
                INSERT INTO reservations (tenant_id, id, part_id, location_id, quantity, repair_order_id, case_id, status, expires_at, created_at)
                SELECT \(tenant.uuid), \(reservation.id), part_id, location_id, \(quantity), \(reservation.repairOrderID), \(reservation.caseID),
                       'held', \(reservation.expiresAt), \(reservation.createdAt)
                FROM level
            ), \(timer: expiry, onlyIf: "level"), \(outbox: event, onlyIf: "level")
            SELECT \(unescaped: Self.levelColumns) FROM level
            """,
            logger: logger
        )
        for try await row in rows { return try Self.level(row) }
        return nil
    }

    /// Why a change at (part, location) moved nothing: the part or location is unknown (not_found), the part
    /// is retired (only a reservation cares: a retired part's stock stays usable), or there is not enough
    /// stock (failed_precondition on `field`).
    func explain(
        _ partID: UUID,
        location locationID: UUID,
        field: String,
        reserving: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ErrorBody {
        let rows = try await connection.query(
            """
            SELECT p.status, (SELECT true FROM stock_locations WHERE tenant_id = \(tenant.uuid) AND id = \(locationID)) AS location,
                   (SELECT on_hand - reserved FROM stock_levels WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND location_id = \(locationID)) AS available
            FROM (SELECT 1) one LEFT JOIN parts p ON p.tenant_id = \(tenant.uuid) AND p.id = \(partID)
            """,
            logger: logger
        )
        for try await (status, location, available) in rows.decode((String?, Bool?, Int?).self) {
            guard status != nil else { return .notFound("part \(partID.wire)") }
            guard location != nil else { return .notFound("stock location \(locationID.wire)") }
            if reserving, status == PartStatus.retired.rawValue { return .failedPrecondition("partId", "the part is retired") }
            return .failedPrecondition(field, "only \(available ?? 0) available at this location")
        }
        return .notFound("part \(partID.wire)")
    }

    /// Posts one entry and moves the balance with it, creating the balance at its first entry.
    /// - Returns: the available units before and the balance after; nil when the change would take on hand
    ///   or reserved below zero or reserved above on hand, or the part or location is unknown.
    func post(
        _ entry: Entry,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (availableBefore: Int, level: StockLevel)? {
        try await ensureLevel(entry.partID, location: entry.locationID, now: entry.now, tenant: tenant, on: connection, logger: logger)
        let change = entry.change
        let rows = try await connection.query(
            """
            WITH level AS (
                UPDATE stock_levels SET on_hand = on_hand + \(change.onHand), reserved = reserved + \(change.reserved), updated_at = \(entry.now)
                WHERE tenant_id = \(tenant.uuid) AND part_id = \(entry.partID) AND location_id = \(entry.locationID)
                  AND on_hand + \(change.onHand) >= 0 AND reserved + \(change.reserved) >= 0
                  AND reserved + \(change.reserved) <= on_hand + \(change.onHand)
                RETURNING \(unescaped: Self.levelColumns)
            ), movement AS (
                INSERT INTO stock_movements (tenant_id, id, part_id, location_id, kind, on_hand_change, reserved_change, on_hand_after,
                                             reserved_after, reference_kind, reference_id, reason, actor, occurred_at)
                SELECT \(tenant.uuid), \(UUID.v7()), part_id, location_id, \(change.kind.rawValue), \(change.onHand), \(change.reserved),
                       on_hand, reserved, \(entry.reference?.kind.rawValue), \(entry.reference?.id), \(entry.reason), \(entry.actor), \(entry.now)
                FROM level
            )
            SELECT \(unescaped: Self.levelColumns) FROM level
            """,
            logger: logger
        )
        for try await row in rows {
            let level = try Self.level(row)
            return (level.available - (change.onHand - change.reserved), level)
        }
        return nil
    }

    /// Moves the units on order from suppliers for (part, location) — not stock, so no ledger entry.
    func changeOnOrder(
        _ partID: UUID,
        location: UUID,
        by delta: Int,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    )
        async throws
    {
        try await ensureLevel(partID, location: location, now: now, tenant: tenant, on: connection, logger: logger)
        try await connection.query(
            """
            UPDATE stock_levels SET on_order = greatest(on_order + \(delta), 0), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND location_id = \(location)
            """,
            logger: logger
        )
    }

    /// The balance of (part, location), made empty when it has none yet, locked for a change: what a change
    /// that is not a movement (the safety level) compares against. Nil when the part or location is unknown.
    func lock(
        _ partID: UUID,
        location: UUID,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> StockLevel?
    {
        try await ensureLevel(partID, location: location, now: now, tenant: tenant, on: connection, logger: logger)
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.levelColumns) FROM stock_levels
            WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND location_id = \(location)
            FOR UPDATE
            """,
            logger: logger
        )
        for try await row in rows { return try Self.level(row) }
        return nil
    }

    /// Sets the safety level of (part, location), whose balance the caller locked.
    func setSafetyStock(
        _ partID: UUID,
        location: UUID,
        level: Int,
        source: SafetyStockSource,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> StockLevel? {
        let rows = try await connection.query(
            """
            UPDATE stock_levels SET safety_stock = \(level), safety_source = \(source.rawValue), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND location_id = \(location)
            RETURNING \(unescaped: Self.levelColumns)
            """,
            logger: logger
        )
        for try await row in rows { return try Self.level(row) }
        return nil
    }

    /// The balance row of a part at a location, made empty when it has none yet (and both exist).
    private func ensureLevel(
        _ partID: UUID,
        location: UUID,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO stock_levels (tenant_id, id, part_id, location_id, on_hand, reserved, updated_at)
            SELECT \(tenant.uuid), \(UUID.v7()), p.id, l.id, 0, 0, \(now)
            FROM parts p JOIN stock_locations l ON l.tenant_id = p.tenant_id AND l.id = \(location)
            WHERE p.tenant_id = \(tenant.uuid) AND p.id = \(partID)
            ON CONFLICT (tenant_id, part_id, location_id) DO NOTHING
            """,
            logger: logger
        )
    }

    static func level(_ row: PostgresRow) throws -> StockLevel {
        let (_, part, location, onHand, reserved, onOrder, safety, source, updatedAt) = try row.decode(
            (UUID, UUID, UUID, Int, Int, Int, Int, String, Date).self
        )
        return StockLevel(
            partID: part,
            locationID: location,
            onHand: onHand,
            reserved: reserved,
            onOrder: onOrder,
            safetyStock: safety,
            safetySource: SafetyStockSource(rawValue: source) ?? .none,
            updatedAt: updatedAt
        )
    }
}
