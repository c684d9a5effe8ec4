import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Reservations' SQL (the reservation itself is written with its ledger entry by ``StockLedger``).
struct ReservationStore {
    /// The reservation, locked for a change when `locked`; `nowait` fails at once (55P03) when someone holds
    /// it — a timer's handler, which holds its timer row, must not wait for a request that waits for it.
    func find(
        _ id: UUID,
        locked: Bool,
        nowait: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> Reservation?
    {
        let rows = try await connection.query(
            """
            SELECT id, part_id, location_id, quantity, repair_order_id, case_id, status, expires_at, created_at, closed_at, close_reason,
                   replacement_id
            FROM reservations WHERE tenant_id = \(tenant.uuid) AND id = \(id)
            \(unescaped: locked ? (nowait ? "FOR UPDATE NOWAIT" : "FOR UPDATE") : "")
            """,
            logger: logger
        )
        for try await row in rows {
            let c = row.makeRandomAccess()
            guard let status = ReservationStatus(rawValue: try c["status"].decode(String.self)) else {
                throw StoredValueError(table: "reservations", id: id)
            }
            return Reservation(
                id: id,
                partID: try c["part_id"].decode(UUID.self),
                locationID: try c["location_id"].decode(UUID.self),
                quantity: try c["quantity"].decode(Int.self),
                repairOrderID: try c["repair_order_id"].decode(UUID.self),
                caseID: try c["case_id"].decode(UUID?.self),
                status: status,
                expiresAt: try c["expires_at"].decode(Date.self),
                createdAt: try c["created_at"].decode(Date.self),
                closedAt: try c["closed_at"].decode(Date?.self),
                closeReason: try c["close_reason"].decode(String?.self),
                replacementID: try c["replacement_id"].decode(UUID?.self)
            )
        }
        return nil
    }

    /// Writes how the reservation ended.
    func close(_ reservation: Reservation, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE reservations SET status = \(reservation.status.rawValue), closed_at = \(reservation.closedAt),
                close_reason = \(reservation.closeReason), replacement_id = \(reservation.replacementID)
            WHERE tenant_id = \(tenant.uuid) AND id = \(reservation.id)
            """,
            logger: logger
        )
    }

    /// The reservations still held for a repair order, in id order (the order they are locked in).
    func held(for repairOrder: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        let rows = try await connection.query(
            """
            SELECT id FROM reservations WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(repairOrder) AND status = 'held' ORDER BY id
            """,
            logger: logger
        )
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// What Parts already does for a repair order about one part at one location: units held or fitted,
    /// units on open requisitions of the order, and whether a requisition of it was rejected.
    func committed(
        to repairOrder: UUID,
        part: UUID,
        location: UUID,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (held: Int, awaited: Int, rejected: Bool) {
        let rows = try await connection.query(
            """
            SELECT (SELECT coalesce(sum(quantity), 0)::bigint FROM reservations
                    WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(repairOrder) AND part_id = \(part) AND location_id = \(location)
                      AND status IN ('held', 'consumed')),
                   (SELECT coalesce(sum(quantity), 0)::bigint FROM requisitions
                    WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(repairOrder) AND part_id = \(part)
                      AND status IN ('requested', 'verified', 'ordered')),
                   EXISTS (SELECT 1 FROM requisitions
                           WHERE tenant_id = \(tenant.uuid) AND repair_order_id = \(repairOrder) AND part_id = \(part) AND status = 'rejected')
            """,
            logger: logger
        )
        for try await (held, awaited, rejected) in rows.decode((Int, Int, Bool).self) { return (held, awaited, rejected) }
        return (0, 0, false)
    }
}
