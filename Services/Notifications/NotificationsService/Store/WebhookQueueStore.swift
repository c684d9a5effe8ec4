import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Queueing webhook deliveries, inside the transaction that received (or made) the event, and the case →
/// merchant read model that attributes an event naming only its case.
struct WebhookQueueStore {
    /// The merchant the case was last queued to, as learned from events naming both.
    func caseMerchant(_ caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query(
            "SELECT merchant_id FROM webhook_case_merchants WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID)",
            logger: logger
        )
        for try await merchant in rows.decode(UUID.self) { return merchant }
        return nil
    }

    /// Records that `caseID` is `merchantID`'s now (a later event naming another merchant replaces it). Most
    /// events name the merchant already recorded: they write (and lock) nothing.
    func rememberCase(_ caseID: UUID, merchant merchantID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO webhook_case_merchants (tenant_id, case_id, merchant_id)
            SELECT \(tenant.uuid), \(caseID), \(merchantID)
            WHERE NOT EXISTS (
                SELECT 1 FROM webhook_case_merchants WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND merchant_id = \(merchantID))
            ON CONFLICT (tenant_id, case_id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id
            """,
            logger: logger
        )
    }

    /// Forgets that `caseID` is `merchantID`'s (handed back: that merchant no longer reads it).
    func forgetCase(_ caseID: UUID, merchant merchantID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM webhook_case_merchants WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND merchant_id = \(merchantID)",
            logger: logger
        )
    }

    /// What is queued: the event, for whom, its body.
    struct Message: Sendable {
        let messageID: String
        let type: String
        let subject: EventSubject
        let occurredAt: Date
        let merchantID: UUID
        let payload: String
    }

    /// Queues `message` for each endpoint of its merchant subscribed to its type — active ones, and ones
    /// disabled for failing (their deliveries wait for re-enabling) — or for `endpoint` alone (a test
    /// delivery). An event queued twice for an endpoint is queued once.
    /// - Returns: the deliveries queued, with their endpoints.
    @discardableResult
    func enqueue(
        _ message: Message,
        tenant: TenantID,
        onlyTo endpoint: UUID? = nil,
        now: Date,
        window: TimeInterval,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(delivery: UUID, endpoint: UUID)] {
        let entries = WebhookCatalog.coveringEntries(of: message.type)
        let rows = try await connection.query(
            """
            SELECT id FROM webhook_endpoints
            WHERE tenant_id = \(tenant.uuid) AND merchant_id = \(message.merchantID)
              AND (status = 'active' OR disabled_reason = 'failing')
              AND (CASE WHEN \(endpoint)::uuid IS NULL THEN event_types && \(entries)::text[] ELSE id = \(endpoint) END)
            ORDER BY id
            """,
            logger: logger
        )
        var endpoints: [UUID] = []
        for try await id in rows.decode(UUID.self) { endpoints.append(id) }
        guard !endpoints.isEmpty else { return [] }
        let ids = endpoints.map { _ in UUID.v7() }
        let inserted = try await connection.query(
            """
            INSERT INTO webhook_deliveries (
                tenant_id, id, endpoint_id, merchant_id, message_id, event_type, subject_kind, subject_id, occurred_at, payload, status,
                next_attempt_at, expires_at, created_at)
            SELECT \(tenant.uuid), q.id, q.endpoint_id, \(message.merchantID), \(message.messageID), \(message.type), \(message.subject.kind),
                   \(message.subject.id), \(message.occurredAt), \(message.payload), 'pending', \(now), \(now.addingTimeInterval(window)), \(now)
            FROM unnest(\(ids)::uuid[], \(endpoints)::uuid[]) AS q(id, endpoint_id)
            ON CONFLICT (tenant_id, endpoint_id, message_id) DO NOTHING
            RETURNING id, endpoint_id
            """,
            logger: logger
        )
        var queued: [(UUID, UUID)] = []
        for try await (id, endpoint) in inserted.decode((UUID, UUID).self) { queued.append((id, endpoint)) }
        return queued
    }
}
