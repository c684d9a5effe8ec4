import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Stocktakes' SQL: the session and its counted lines.
struct StocktakeStore {
    /// False when the location already has a count open.
    func insert(_ s: Stocktake, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO stocktakes (tenant_id, id, location_id, status, started_by, started_at)
            VALUES (\(tenant.uuid), \(s.id), \(s.locationID), \(s.status.rawValue), \(s.startedBy), \(s.startedAt))
            ON CONFLICT (tenant_id, location_id) WHERE status = 'counting' DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Records a counted line, the book quantity read from the balance in the same statement; a part
    /// counted again replaces its line.
    func count(
        _ partID: UUID,
        counted: Int,
        in stocktake: Stocktake,
        by counter: String,
        at now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO stocktake_lines (tenant_id, stocktake_id, part_id, counted, book_at_count, counted_by, counted_at)
            SELECT \(tenant.uuid), \(stocktake.id), \(partID), \(counted),
                   coalesce((SELECT on_hand FROM stock_levels WHERE tenant_id = \(tenant.uuid) AND part_id = \(partID)
                             AND location_id = \(stocktake.locationID)), 0),
                   \(counter), \(now)
            ON CONFLICT (tenant_id, stocktake_id, part_id) DO UPDATE
                SET counted = EXCLUDED.counted, book_at_count = EXCLUDED.book_at_count, counted_by = EXCLUDED.counted_by,
                    counted_at = EXCLUDED.counted_at
            """,
            logger: logger
        )
    }

    func markPosted(_ s: Stocktake, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE stocktakes SET status = 'posted', posted_by = \(s.postedBy), posted_at = \(s.postedAt), post_reason = \(s.postReason)
            WHERE tenant_id = \(tenant.uuid) AND id = \(s.id)
            """,
            logger: logger
        )
    }

    func markCancelled(_ s: Stocktake, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE stocktakes SET status = 'cancelled', cancelled_by = \(s.cancelledBy), cancelled_at = \(s.cancelledAt),
                cancel_reason = \(s.cancelReason)
            WHERE tenant_id = \(tenant.uuid) AND id = \(s.id)
            """,
            logger: logger
        )
    }

    /// The stocktake with its lines (locked for a change when `locked`).
    func find(_ id: UUID, locked: Bool, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Stocktake? {
        let rows = try await connection.query(
            """
            SELECT location_id, status, started_by, started_at, posted_by, posted_at, post_reason, cancelled_by, cancelled_at, cancel_reason
            FROM stocktakes
            WHERE tenant_id = \(tenant.uuid) AND id = \(id)
            \(unescaped: locked ? "FOR UPDATE" : "")
            """,
            logger: logger
        )
        var found: Stocktake?
        for try await row in rows {
            let c = row.makeRandomAccess()
            guard let status = StocktakeStatus(rawValue: try c["status"].decode(String.self)) else {
                throw StoredValueError(table: "stocktakes", id: id)
            }
            found = Stocktake(
                id: id,
                locationID: try c["location_id"].decode(UUID.self),
                status: status,
                startedBy: try c["started_by"].decode(String.self),
                startedAt: try c["started_at"].decode(Date.self),
                postedBy: try c["posted_by"].decode(String?.self),
                postedAt: try c["posted_at"].decode(Date?.self),
                postReason: try c["post_reason"].decode(String?.self),
                cancelledBy: try c["cancelled_by"].decode(String?.self),
                cancelledAt: try c["cancelled_at"].decode(Date?.self),
                cancelReason: try c["cancel_reason"].decode(String?.self)
            )
        }
        guard var stocktake = found else { return nil }
        let lines = try await connection.query(
            """
            SELECT part_id, counted, book_at_count, counted_by, counted_at FROM stocktake_lines
            WHERE tenant_id = \(tenant.uuid) AND stocktake_id = \(id) ORDER BY counted_at, part_id
            """,
            logger: logger
        )
        for try await (part, counted, book, by, at) in lines.decode((UUID, Int, Int, String, Date).self) {
            stocktake.lines.append(Stocktake.Line(partID: part, counted: counted, bookAtCount: book, countedBy: by, countedAt: at))
        }
        return stocktake
    }
}
