import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Follow-up tasks and their calls (rules.md §2(g), FU-03, FU-04, FU-07).
struct FollowUpStore {
    static let columns = "id, case_id, repair_order_id, sequence, opens_at, due_by, status, assignee, created_at, done_at"

    /// Records `task` unless its anchor already has a task of that sequence; true when recorded.
    func insert(_ task: FollowUpTask, anchor: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO follow_up_tasks (tenant_id, id, case_id, repair_order_id, anchor_id, sequence, opens_at, due_by, status, created_at)
            VALUES (\(tenant.uuid), \(task.id), \(task.caseID), \(task.repairOrderID), \(anchor), \(task.sequence), \(task.opensAt),
                    \(task.dueBy), 'open', \(task.createdAt))
            ON CONFLICT (tenant_id, anchor_id, sequence) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    func find(_ id: UUID, tenant: TenantID, forUpdate: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> FollowUpTask?
    {
        var query: PostgresQuery = "SELECT \(unescaped: Self.columns) FROM follow_up_tasks WHERE tenant_id = \(tenant.uuid) AND id = \(id)"
        if forUpdate { query.sql += " FOR UPDATE" }
        let rows = try await connection.query(query, logger: logger)
        for try await row in rows { return try Self.task(row) }
        return nil
    }

    /// Tasks by the time they fall due (then id): open ones — only those already due when `dueOnly`, only
    /// those past their window when `overdueOnly` — or done ones; of one assignee or all.
    func list(
        status: FollowUpTaskStatus,
        dueOnly: Bool,
        overdueOnly: Bool,
        assignee: String?,
        now: Date,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [FollowUpTask] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM follow_up_tasks
            WHERE tenant_id = \(tenant.uuid) AND status = \(status.rawValue)
              AND (NOT \(dueOnly) OR opens_at <= \(now))
              AND (NOT \(overdueOnly) OR due_by < \(now))
              AND (\(assignee)::text IS NULL OR assignee = \(assignee))
            ORDER BY opens_at, id LIMIT \(limit)
            """,
            logger: logger
        )
        var tasks: [FollowUpTask] = []
        for try await row in rows { tasks.append(try Self.task(row)) }
        return tasks
    }

    func assign(_ id: UUID, to assignee: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE follow_up_tasks SET assignee = \(assignee) WHERE tenant_id = \(tenant.uuid) AND id = \(id)",
            logger: logger
        )
    }

    func markDone(_ id: UUID, at: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE follow_up_tasks SET status = 'done', done_at = \(at) WHERE tenant_id = \(tenant.uuid) AND id = \(id)",
            logger: logger
        )
    }

    func anchor(of id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query("SELECT anchor_id FROM follow_up_tasks WHERE tenant_id = \(tenant.uuid) AND id = \(id)", logger: logger)
        for try await anchor in rows.decode(UUID.self) { return anchor }
        return nil
    }

    func log(_ call: FollowUpCall, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO follow_up_calls (tenant_id, id, task_id, called_at, agent, outcome, notes, complaint_id, next_contact_at)
            VALUES (\(tenant.uuid), \(call.id), \(call.taskID), \(call.calledAt), \(call.agent), \(call.outcome.rawValue), \(call.notes),
                    \(call.complaintID), \(call.nextContactAt))
            """,
            logger: logger
        )
    }

    static func task(_ row: PostgresRow) throws -> FollowUpTask {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        guard let status = FollowUpTaskStatus(rawValue: try c["status"].decode(String.self)) else {
            throw StoredValueError(table: "follow_up_tasks", id: id)
        }
        return FollowUpTask(
            id: id,
            caseID: try c["case_id"].decode(UUID.self),
            repairOrderID: try c["repair_order_id"].decode(UUID?.self),
            sequence: try c["sequence"].decode(Int.self),
            opensAt: try c["opens_at"].decode(Date.self),
            dueBy: try c["due_by"].decode(Date.self),
            status: status,
            assignee: try c["assignee"].decode(String?.self),
            createdAt: try c["created_at"].decode(Date.self),
            doneAt: try c["done_at"].decode(Date?.self)
        )
    }
}
