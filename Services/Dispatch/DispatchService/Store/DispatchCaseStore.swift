import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Dispatch's SQL about queued cases; every call runs in a transaction scoped to the tenant.
struct DispatchCaseStore {
    /// Queues the case, with its deadline timer and the event announcing it, in one statement; false (and
    /// neither timer nor event) when it was queued already.
    func queue(
        _ record: DispatchCase,
        deadline: TimerEntry,
        announcing event: OutboxEntry,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            WITH queued AS (
                INSERT INTO dispatch_cases (tenant_id, case_id, merchant_id, status, queued_at, respond_by)
                VALUES (\(tenant.uuid), \(record.caseID), \(record.merchantID), \(record.status.rawValue), \(record.queuedAt), \(record.respondBy))
                ON CONFLICT (tenant_id, case_id) DO NOTHING
                RETURNING case_id
            ), \(timer: deadline, onlyIf: "queued"), \(outbox: event, onlyIf: "queued")
            SELECT case_id FROM queued
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Holds a case that cannot go to its merchant in the routing queue (once; a redelivery changes nothing).
    func holdForRouting(
        _ caseID: UUID,
        merchant: UUID?,
        reason: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO routing_queue (tenant_id, case_id, merchant_id, reason, queued_at)
            VALUES (\(tenant.uuid), \(caseID), \(merchant), \(reason), \(now))
            ON CONFLICT (tenant_id, case_id) DO NOTHING
            """,
            logger: logger
        )
    }

    /// Takes a case out of the routing queue (it was cancelled).
    func release(_ caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM routing_queue WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID)",
            logger: logger
        )
    }

    /// The case locked for an update, narrowed to `merchant` when set.
    func lock(_ caseID: UUID, merchant: UUID?, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> DispatchCase? {
        let rows = try await connection.query(
            """
            SELECT case_id, merchant_id, status, queued_at, respond_by, acknowledged_at FROM dispatch_cases
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            FOR UPDATE
            """,
            logger: logger
        )
        for try await (id, merchantID, status, queuedAt, respondBy, acknowledgedAt)
            in rows.decode((UUID, UUID, String, Date, Date, Date?).self)
        {
            guard let status = DispatchCase.Status(rawValue: status) else { throw StoredValueError(table: "dispatch_cases", id: id) }
            return DispatchCase(
                caseID: id,
                merchantID: merchantID,
                status: status,
                queuedAt: queuedAt,
                respondBy: respondBy,
                acknowledgedAt: acknowledgedAt
            )
        }
        return nil
    }

    func update(_ record: DispatchCase, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE dispatch_cases SET status = \(record.status.rawValue), acknowledged_at = \(record.acknowledgedAt)
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(record.caseID)
            """,
            logger: logger
        )
    }
}
