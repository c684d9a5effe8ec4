import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The workshop board and figures (rules.md §2(e)): open orders by state, technician and promise, and the
/// orders handed back in a period with whether the item came back with the same fault.
struct WorkshopStore {
    static let open = "status NOT IN ('delivered', 'cancelled', 'quote_declined')"

    /// Counts of the open orders matching the filters, per status and technician (`unassigned` without one),
    /// with how many are past their promise at `now`.
    func counts(
        technician: String?,
        status: RepairOrderStatus?,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(status: String, technician: String, orders: Int, overdue: Int)] {
        let rows = try await connection.query(
            """
            SELECT status, coalesce(record->>'technician', 'unassigned'), count(*)::int8,
                   (count(*) FILTER (WHERE (record->>'promisedBy')::timestamptz < \(now)))::int8
            FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND \(unescaped: Self.open)
              AND (\(technician)::text IS NULL OR record->>'technician' = \(technician))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            GROUP BY 1, 2 ORDER BY 1, 2
            """,
            logger: logger
        )
        var counts: [(String, String, Int, Int)] = []
        for try await (status, technician, orders, overdue) in rows.decode((String, String, Int64, Int64).self) {
            counts.append((status, technician, Int(orders), Int(overdue)))
        }
        return counts
    }

    /// The open orders matching the filters: past their promise first, then by promise (none last), then id.
    func board(
        technician: String?,
        status: RepairOrderStatus?,
        now: Date,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [RepairOrder] {
        let rows = try await connection.query(
            """
            SELECT record::text FROM repair_orders
            WHERE tenant_id = \(tenant.uuid) AND \(unescaped: Self.open)
              AND (\(technician)::text IS NULL OR record->>'technician' = \(technician))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY coalesce((record->>'promisedBy')::timestamptz < \(now), false) DESC, (record->>'promisedBy')::timestamptz ASC NULLS LAST, id
            LIMIT \(limit)
            """,
            logger: logger
        )
        var orders: [RepairOrder] = []
        for try await text in rows.decode(String.self) { orders.append(try RepairOrderStore.order(text)) }
        return orders
    }

    /// The orders handed back in [`from`, `until`), and the ids of those whose item came back with the same
    /// fault (a later order of the same item and fault code).
    func handedBack(
        from: Date,
        until: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (orders: [RepairOrder], cameBack: Set<UUID>) {
        let rows = try await connection.query(
            """
            SELECT o.record::text, o.fault_code IS NOT NULL AND EXISTS (
                SELECT 1 FROM repair_orders l LEFT JOIN case_directory lc ON lc.tenant_id = l.tenant_id AND lc.case_id = l.case_id
                WHERE l.tenant_id = o.tenant_id AND l.fault_code = o.fault_code AND l.id <> o.id AND l.created_at > o.created_at
                  AND \(unescaped: RepairOrderStore.sameItem))
            FROM repair_orders o LEFT JOIN case_directory c ON c.tenant_id = o.tenant_id AND c.case_id = o.case_id
            WHERE o.tenant_id = \(tenant.uuid) AND o.status = 'delivered' AND o.updated_at >= \(from) AND o.updated_at < \(until)
            ORDER BY o.id
            """,
            logger: logger
        )
        var orders: [RepairOrder] = []
        var cameBack: Set<UUID> = []
        for try await (text, back) in rows.decode((String, Bool).self) {
            let order = try RepairOrderStore.order(text)
            orders.append(order)
            if back { cameBack.insert(order.id) }
        }
        return (orders, cameBack)
    }
}
