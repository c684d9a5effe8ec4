import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Customer messages: made once per notice and cause, sent (or found undeliverable), listed for staff.
struct CustomerMessageStore {
    static let columns = """
        id, case_id, notice, cause, channel, recipient, language, body, status, due_at, send_at, sent_at, provider_reference, failure, created_at
        """

    /// Records `message` unless one of its notice was already made for its cause; true when recorded.
    func insert(_ message: CustomerMessage, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO customer_messages (tenant_id, id, case_id, notice, cause, channel, recipient, language, body, status, due_at, send_at,
                                           failure, created_at)
            VALUES (\(tenant.uuid), \(message.id), \(message.caseID), \(message.notice.rawValue), \(message.cause), \(message.channel.rawValue),
                    \(message.recipient), \(message.language.rawValue), \(message.body), \(message.status.rawValue), \(message.dueAt),
                    \(message.sendAt), \(message.failure), \(message.createdAt))
            ON CONFLICT (tenant_id, cause, notice) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    func find(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> CustomerMessage? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM customer_messages WHERE tenant_id = \(tenant.uuid) AND id = \(id)",
            logger: logger
        )
        for try await row in rows { return try Self.message(row) }
        return nil
    }

    func markSent(_ id: UUID, reference: String, tenant: TenantID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE customer_messages SET status = 'sent', sent_at = \(now), provider_reference = \(reference)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND status = 'scheduled'
            """,
            logger: logger
        )
    }

    /// The newest `limit` messages, of one case and status or all.
    func list(
        caseID: UUID?,
        status: CustomerMessageStatus?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [CustomerMessage] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM customer_messages
            WHERE tenant_id = \(tenant.uuid) AND (\(caseID)::uuid IS NULL OR case_id = \(caseID))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var messages: [CustomerMessage] = []
        for try await row in rows { messages.append(try Self.message(row)) }
        return messages
    }

    static func message(_ row: PostgresRow) throws -> CustomerMessage {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        guard let notice = CustomerNotice(rawValue: try c["notice"].decode(String.self)),
            let channel = MessageChannelKind(rawValue: try c["channel"].decode(String.self)),
            let language = MessageLanguage(rawValue: try c["language"].decode(String.self)),
            let status = CustomerMessageStatus(rawValue: try c["status"].decode(String.self))
        else { throw StoredValueError(table: "customer_messages", id: id) }
        return CustomerMessage(
            id: id,
            caseID: try c["case_id"].decode(UUID?.self),
            notice: notice,
            cause: try c["cause"].decode(String.self),
            channel: channel,
            recipient: try c["recipient"].decode(String?.self),
            language: language,
            body: try c["body"].decode(String.self),
            status: status,
            dueAt: try c["due_at"].decode(Date.self),
            sendAt: try c["send_at"].decode(Date.self),
            sentAt: try c["sent_at"].decode(Date?.self),
            providerReference: try c["provider_reference"].decode(String?.self),
            failure: try c["failure"].decode(String?.self),
            createdAt: try c["created_at"].decode(Date.self)
        )
    }
}
