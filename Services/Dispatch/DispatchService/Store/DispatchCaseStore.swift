import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Dispatch's SQL about its cases; every call runs in a transaction scoped to the tenant.
struct DispatchCaseStore {
    /// Queues the case for its merchant, with its deadline timer and the event announcing it, in one
    /// statement; false (and neither timer nor event) when Dispatch holds the case already.
    func queue(
        _ record: DispatchCase,
        deadline: TimerEntry,
        announcing event: OutboxEntry,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let stored = try StoredDispatchCase(record)
        let rows = try await connection.query(
            """
            WITH queued AS (
                INSERT INTO dispatch_cases (tenant_id, case_id, merchant_id, status, queued_at, respond_by, due_at, requested_resolution, judgement)
                VALUES (\(tenant.uuid), \(record.caseID), \(record.merchantID), \(record.status.rawValue), \(record.queuedAt), \(record.respondBy),
                        \(record.dueAt), \(record.requestedResolution?.rawValue), \(stored.judgement)::jsonb)
                ON CONFLICT (tenant_id, case_id) DO NOTHING
                RETURNING case_id
            ), \(timer: deadline, onlyIf: "queued"), \(outbox: event, onlyIf: "queued"),
            assigned AS (
                INSERT INTO case_assignments (tenant_id, id, case_id, merchant_id, assigned_at, assigned_by)
                SELECT \(tenant.uuid), \(UUID.v7()), \(record.caseID), \(record.merchantID), \(record.queuedAt), 'case.registered'
                WHERE EXISTS (SELECT 1 FROM queued)
            )
            SELECT case_id FROM queued
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Holds a case that waits for no merchant's answer yet — in the routing queue, or with a merchant whose
    /// items the morning run carries (its first assignment recorded) — once; a redelivery changes nothing.
    func hold(_ record: DispatchCase, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let stored = try StoredDispatchCase(record)
        try await connection.query(
            """
            WITH held AS (
                INSERT INTO dispatch_cases (tenant_id, case_id, merchant_id, status, queued_at, routing_reason, requested_resolution, judgement)
                VALUES (\(tenant.uuid), \(record.caseID), \(record.merchantID), \(record.status.rawValue), \(record.queuedAt),
                        \(record.routingReason?.rawValue), \(record.requestedResolution?.rawValue), \(stored.judgement)::jsonb)
                ON CONFLICT (tenant_id, case_id) DO NOTHING
                RETURNING merchant_id
            )
            INSERT INTO case_assignments (tenant_id, id, case_id, merchant_id, assigned_at, assigned_by)
            SELECT \(tenant.uuid), \(UUID.v7()), \(record.caseID), merchant_id, \(record.queuedAt), 'case.registered'
            FROM held WHERE merchant_id IS NOT NULL
            """,
            logger: logger
        )
    }

    /// The case locked for an update, narrowed to `merchant` when set.
    func lock(_ caseID: UUID, merchant: UUID?, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> DispatchCase? {
        try await find(caseID, merchant: merchant, forUpdate: true, tenant: tenant, on: connection, logger: logger)
    }

    /// The case as it stands, narrowed to `merchant` when set (and locked when `forUpdate`).
    func find(
        _ caseID: UUID,
        merchant: UUID?,
        forUpdate: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> DispatchCase? {
        var query: PostgresQuery = """
            SELECT \(unescaped: StoredDispatchCase.selected) FROM dispatch_cases
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """
        if forUpdate { query.sql += " FOR UPDATE" }
        let rows = try await connection.query(query, logger: logger)
        for try await row in rows { return try StoredDispatchCase.decode(row) }
        return nil
    }

    /// The open cases of `merchant` (not yet agreed), locked: the merchant is being suspended.
    func lockOpenCases(of merchant: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [DispatchCase] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: StoredDispatchCase.selected) FROM dispatch_cases
            WHERE tenant_id = \(tenant.uuid) AND merchant_id = \(merchant)
              AND status IN ('awaiting_dispatch', 'awaiting_acknowledgement', 'response_overdue', 'acknowledged', 'customer_consultation', 'inspected')
              AND NOT escalated
            ORDER BY case_id
            FOR UPDATE
            """,
            logger: logger
        )
        var found: [DispatchCase] = []
        for try await row in rows { found.append(try StoredDispatchCase.decode(row)) }
        return found
    }

    /// Writes every changeable column of `record`.
    func save(_ record: DispatchCase, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let stored = try StoredDispatchCase(record)
        try await connection.query(
            """
            UPDATE dispatch_cases SET merchant_id = \(record.merchantID), status = \(record.status.rawValue),
                routing_reason = \(record.routingReason?.rawValue), queued_at = \(record.queuedAt), respond_by = \(record.respondBy),
                acknowledged_at = \(record.acknowledgedAt), due_at = \(record.dueAt), chase_count = \(record.chaseCount),
                chases_total = \(record.chasesTotal), escalated = \(record.escalated), overdue_at = \(record.overdueAt),
                judgement = \(stored.judgement)::jsonb, inspection = \(stored.inspection)::jsonb, proposal = \(stored.proposal)::jsonb,
                agreement = \(stored.agreement)::jsonb, item_return = \(stored.itemReturn)::jsonb
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(record.caseID)
            """,
            logger: logger
        )
    }

    /// A page of cases, newest first: `merchant`'s when set, in `status` when set, only those whose
    /// merchant deadline passed by `now` when `overdueOnly`.
    func list(
        tenant: TenantID,
        merchant: UUID?,
        status: DispatchCase.Status?,
        overdueOnly: Bool,
        now: Date,
        after: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [DispatchCase] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: StoredDispatchCase.selected) FROM dispatch_cases
            WHERE tenant_id = \(tenant.uuid)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (NOT \(overdueOnly) OR (due_at <= \(now) AND NOT escalated))
              AND (\(after)::uuid IS NULL OR case_id < \(after))
            ORDER BY case_id DESC
            LIMIT \(limit)
            """,
            logger: logger
        )
        var found: [DispatchCase] = []
        for try await row in rows { found.append(try StoredDispatchCase.decode(row)) }
        return found
    }

    /// Starts an assignment of the case to its merchant, ending the one before (the history is kept).
    func assigned(
        _ record: DispatchCase,
        by who: String,
        ending reason: String?,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    )
        async throws
    {
        if let reason { try await endAssignment(record.caseID, reason: reason, at: record.queuedAt, tenant: tenant, on: connection, logger: logger) }
        try await connection.query(
            """
            INSERT INTO case_assignments (tenant_id, id, case_id, merchant_id, assigned_at, assigned_by)
            VALUES (\(tenant.uuid), \(UUID.v7()), \(record.caseID), \(record.merchantID), \(record.queuedAt), \(who))
            """,
            logger: logger
        )
    }

    /// Ends the case's current assignment.
    func endAssignment(_ caseID: UUID, reason: String, at now: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws
    {
        try await connection.query(
            """
            UPDATE case_assignments SET ended_at = \(now), end_reason = \(reason)
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND ended_at IS NULL
            """,
            logger: logger
        )
    }
}
