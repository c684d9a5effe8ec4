import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The dispatcher's tasks in SQL; every call runs in a transaction scoped to the tenant.
struct DispatcherTaskStore {
    static let selected = "id, case_id, merchant_id, kind, note, created_at, done_at, done_by, outcome"

    func insert(_ task: DispatcherTask, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO dispatcher_tasks (tenant_id, id, case_id, merchant_id, kind, note, created_at)
            VALUES (\(tenant.uuid), \(task.id), \(task.caseID), \(task.merchantID), \(task.kind.rawValue), \(task.note), \(task.createdAt))
            """,
            logger: logger
        )
    }

    func lock(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> DispatcherTask? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.selected) FROM dispatcher_tasks WHERE tenant_id = \(tenant.uuid) AND id = \(id) FOR UPDATE",
            logger: logger
        )
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    func complete(_ task: DispatcherTask, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE dispatcher_tasks SET done_at = \(task.doneAt), done_by = \(task.doneBy), outcome = \(task.outcome)
            WHERE tenant_id = \(tenant.uuid) AND id = \(task.id)
            """,
            logger: logger
        )
    }

    /// Closes the case's open tasks with `outcome`: the case left the merchant they were about, or was cancelled.
    func closeOpen(of caseID: UUID, outcome: String, at now: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE dispatcher_tasks SET done_at = \(now), done_by = 'dispatch', outcome = \(outcome)
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND done_at IS NULL
            """,
            logger: logger
        )
    }

    /// The open call-the-customer task of a case, if any.
    func openConsultation(of caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> DispatcherTask? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.selected) FROM dispatcher_tasks
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND kind = 'call_customer' AND done_at IS NULL
            ORDER BY id LIMIT 1 FOR UPDATE
            """,
            logger: logger
        )
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// A page of tasks, oldest first: open ones unless `includeDone`, of `kind` when set.
    func list(
        tenant: TenantID,
        kind: DispatcherTask.Kind?,
        includeDone: Bool,
        after: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [DispatcherTask] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.selected) FROM dispatcher_tasks
            WHERE tenant_id = \(tenant.uuid) AND (\(includeDone) OR done_at IS NULL)
              AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var found: [DispatcherTask] = []
        for try await row in rows { found.append(try Self.decode(row)) }
        return found
    }

    static func decode(_ row: PostgresRow) throws -> DispatcherTask {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        guard let kind = DispatcherTask.Kind(rawValue: try c["kind"].decode(String.self)) else {
            throw StoredValueError(table: "dispatcher_tasks", id: id)
        }
        var task = DispatcherTask(
            id: id,
            caseID: try c["case_id"].decode(UUID.self),
            merchantID: try c["merchant_id"].decode(UUID?.self),
            kind: kind,
            note: try c["note"].decode(String.self),
            createdAt: try c["created_at"].decode(Date.self)
        )
        task.doneAt = try c["done_at"].decode(Date?.self)
        task.doneBy = try c["done_by"].decode(String?.self)
        task.outcome = try c["outcome"].decode(String?.self)
        return task
    }
}
