import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The morning runs in SQL; every call runs in a transaction scoped to the tenant.
struct DispatchRunStore {
    /// Creates the run with every pending item of its region: cases waiting for the run that were queued
    /// before `cutoff` (the run day's start: yesterday's intake), and finished items ready for pickup — none
    /// already on an undelivered leg of its kind; every leg due at `dueAt`. False when the run of that day, region and runner exists.
    func build(
        _ run: DispatchRun,
        cutoff: Date,
        dueAt: Date,
        by who: String,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let created = try await connection.query(
            """
            INSERT INTO dispatch_runs (tenant_id, id, run_date, region, runner, created_at, created_by)
            VALUES (\(tenant.uuid), \(run.id), \(run.runDate.description)::date, \(run.region), \(run.runner), \(run.createdAt), \(who))
            ON CONFLICT (tenant_id, run_date, region, runner) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        var made = false
        for try await _ in created { made = true }
        guard made else { return false }
        try await connection.query(
            """
            INSERT INTO run_legs (tenant_id, run_id, case_id, merchant_id, merchant_name, leg, status, due_at)
            SELECT \(tenant.uuid), \(run.id), c.case_id, c.merchant_id, m.name,
                   CASE c.status WHEN 'awaiting_dispatch' THEN 'to_merchant' ELSE 'back_to_mall' END, 'planned', \(dueAt)
            FROM dispatch_cases c JOIN merchants m ON m.tenant_id = c.tenant_id AND m.id = c.merchant_id
            WHERE c.tenant_id = \(tenant.uuid) AND \(run.region) = ANY (m.regions) AND m.status = 'active'
              AND ((c.status = 'awaiting_dispatch' AND c.queued_at < \(cutoff)) OR c.status = 'ready_for_pickup')
            ORDER BY c.case_id
            ON CONFLICT (tenant_id, case_id, leg, merchant_id) WHERE status <> 'delivered' DO NOTHING
            """,
            logger: logger
        )
        return true
    }

    /// The run with its legs (locked when `forUpdate`), nil when the tenant has none of that id.
    func find(_ id: UUID, forUpdate: Bool = false, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> DispatchRun? {
        var query: PostgresQuery = """
            SELECT id, run_date::text, region, runner, created_at FROM dispatch_runs WHERE tenant_id = \(tenant.uuid) AND id = \(id)
            """
        if forUpdate { query.sql += " FOR UPDATE" }
        let rows = try await connection.query(query, logger: logger)
        var found: DispatchRun?
        for try await (id, date, region, runner, createdAt) in rows.decode((UUID, String, String, String, Date).self) {
            guard let runDate = LocalDate(iso: date) else { throw StoredValueError(table: "dispatch_runs", id: id) }
            found = DispatchRun(id: id, runDate: runDate, region: region, runner: runner, createdAt: createdAt, items: [])
        }
        guard var run = found else { return nil }
        let legs = try await connection.query(
            """
            SELECT case_id, merchant_id, merchant_name, leg, status, tracking_number, due_at, out_at, delivered_at FROM run_legs
            WHERE tenant_id = \(tenant.uuid) AND run_id = \(id) ORDER BY merchant_name, case_id, leg
            """,
            logger: logger
        )
        for try await (caseID, merchantID, name, leg, status, tracking, dueAt, outAt, deliveredAt)
            in legs.decode((UUID, UUID, String, String, String, String?, Date, Date?, Date?).self)
        {
            guard let leg = DispatchRun.Leg(rawValue: leg), let status = DispatchRun.LegStatus(rawValue: status) else {
                throw StoredValueError(table: "run_legs", id: caseID)
            }
            var item = DispatchRun.Item(caseID: caseID, merchantID: merchantID, merchantName: name, leg: leg, dueAt: dueAt)
            item.status = status
            item.trackingNumber = tracking
            item.outAt = outAt
            item.deliveredAt = deliveredAt
            run.items.append(item)
        }
        return run
    }

    /// Takes the case's planned legs off their runs: the case left the state they were planned for (another
    /// merchant, handed back, cancelled, shipped instead of collected). A leg already out stays on its sheet.
    func unplan(_ caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM run_legs WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND status = 'planned'",
            logger: logger
        )
    }

    func saveLeg(_ item: DispatchRun.Item, of run: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE run_legs SET status = \(item.status.rawValue), tracking_number = \(item.trackingNumber), out_at = \(item.outAt),
                   delivered_at = \(item.deliveredAt)
            WHERE tenant_id = \(tenant.uuid) AND run_id = \(run) AND case_id = \(item.caseID) AND leg = \(item.leg.rawValue)
            """,
            logger: logger
        )
    }
}
