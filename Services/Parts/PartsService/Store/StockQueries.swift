import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Reads of stock: balances, the ledger, usage over a window.
struct StockQueries {
    /// Balances, in the order each (part, location) first had one, filtered by part, location and whether
    /// below the safety level.
    func levels(
        partID: UUID?,
        locationID: UUID?,
        belowSafetyOnly: Bool,
        after: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(id: UUID, level: StockLevel)] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: StockLedger.levelColumns) FROM stock_levels
            WHERE tenant_id = \(tenant.uuid)
              AND (\(partID)::uuid IS NULL OR part_id = \(partID))
              AND (\(locationID)::uuid IS NULL OR location_id = \(locationID))
              AND (NOT \(belowSafetyOnly) OR (safety_stock > 0 AND on_hand - reserved < safety_stock))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var levels: [(UUID, StockLevel)] = []
        for try await row in rows { levels.append((try row.makeRandomAccess()["id"].decode(UUID.self), try StockLedger.level(row))) }
        return levels
    }

    /// Ledger entries of a part (at a location), newest first.
    func movements(
        partID: UUID,
        locationID: UUID?,
        before: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [StockMovement] {
        let rows = try await connection.query(
            """
            SELECT id, part_id, location_id, kind, on_hand_change, reserved_change, on_hand_after, reserved_after,
                   reference_kind, reference_id, reason, actor, occurred_at
            FROM stock_movements
            WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID)
              AND (\(locationID)::uuid IS NULL OR location_id = \(locationID))
              AND (\(before)::uuid IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var movements: [StockMovement] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let id = try columns["id"].decode(UUID.self)
            guard let kind = MovementKind(rawValue: try columns["kind"].decode(String.self)) else {
                throw StoredValueError(table: "stock_movements", id: id)
            }
            let referenceKind = try columns["reference_kind"].decode(String?.self).flatMap(StockReferenceKind.init(rawValue:))
            let referenceID = try columns["reference_id"].decode(UUID?.self)
            movements.append(
                StockMovement(
                    id: id,
                    partID: try columns["part_id"].decode(UUID.self),
                    locationID: try columns["location_id"].decode(UUID.self),
                    change: StockChange(
                        kind: kind,
                        onHand: try columns["on_hand_change"].decode(Int.self),
                        reserved: try columns["reserved_change"].decode(Int.self)
                    ),
                    onHandAfter: try columns["on_hand_after"].decode(Int.self),
                    reservedAfter: try columns["reserved_after"].decode(Int.self),
                    reference: referenceKind.flatMap { kind in referenceID.map { (kind, $0) } },
                    reason: try columns["reason"].decode(String?.self),
                    actor: try columns["actor"].decode(String.self),
                    occurredAt: try columns["occurred_at"].decode(Date.self)
                )
            )
        }
        return movements
    }

    /// What a safety-stock suggestion reads: units consumed at the location, and replacements of the part
    /// installed and failed, since `since`.
    func usage(
        _ partID: UUID,
        location: UUID,
        since: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (consumed: Int, installed: Int, failed: Int) {
        let rows = try await connection.query(
            """
            SELECT
                (SELECT coalesce(sum(-on_hand_change), 0)::bigint FROM stock_movements
                 WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND location_id = \(location) AND kind = 'consumption'
                   AND occurred_at >= \(since)),
                (SELECT count(*) FROM replacements WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND installed_at >= \(since)),
                (SELECT count(*) FROM replacements WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID) AND installed_at >= \(since)
                   AND failed_at IS NOT NULL)
            """,
            logger: logger
        )
        for try await (consumed, installed, failed) in rows.decode((Int, Int, Int).self) { return (consumed, installed, failed) }
        return (0, 0, 0)
    }
}
