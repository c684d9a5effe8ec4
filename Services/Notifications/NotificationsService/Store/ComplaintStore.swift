import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Complaints, their steps and the SLA figures (rules.md §2(h), T-35, T-37, T-30).
struct ComplaintStore {
    static let columns = """
        id, case_id, channel, customer_name, customer_phone, category, urgency, summary, owner, status, received_at, received_by,
        first_response_due, first_responded_at, sla_breached_at, promised_reply_at, reply_overdue_at, escalation_due, escalated_at,
        outcome, customer_satisfied, closed_at
        """

    func insert(_ complaint: Complaint, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let c = complaint
        try await connection.query(
            """
            INSERT INTO complaints (tenant_id, id, case_id, channel, customer_name, customer_phone, category, urgency, summary, owner, status,
                                    received_at, received_by, first_response_due, escalation_due)
            VALUES (\(tenant.uuid), \(c.id), \(c.caseID), \(c.channel.rawValue), \(c.customerName), \(c.customerPhone), \(c.category),
                    \(c.urgency.rawValue), \(c.summary), \(c.owner), \(c.status.rawValue), \(c.receivedAt), \(c.receivedBy),
                    \(c.firstResponseDue), \(c.escalationDue))
            """,
            logger: logger
        )
        for step in c.steps { try await addStep(step, to: c.id, tenant: tenant, on: connection, logger: logger) }
    }

    func addStep(_ step: ComplaintStep, to id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO complaint_steps (tenant_id, complaint_id, position, step, at, by, note, promised_reply_at)
            SELECT \(tenant.uuid), \(id), coalesce(max(position), 0) + 1, \(step.step), \(step.at), \(step.by), \(step.note), \(step.promisedReplyAt)
            FROM complaint_steps WHERE tenant_id = \(tenant.uuid) AND complaint_id = \(id)
            """,
            logger: logger
        )
    }

    /// The complaint with its steps, locked for a change when `forUpdate`.
    func find(_ id: UUID, tenant: TenantID, forUpdate: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> Complaint? {
        var query: PostgresQuery = "SELECT \(unescaped: Self.columns) FROM complaints WHERE tenant_id = \(tenant.uuid) AND id = \(id)"
        if forUpdate { query.sql += " FOR UPDATE" }
        var found: Complaint?
        for try await row in try await connection.query(query, logger: logger) { found = try Self.complaint(row) }
        guard var complaint = found else { return nil }
        let rows = try await connection.query(
            """
            SELECT step, at, by, note, promised_reply_at FROM complaint_steps
            WHERE tenant_id = \(tenant.uuid) AND complaint_id = \(id) ORDER BY position
            """,
            logger: logger
        )
        for try await (step, at, by, note, promised) in rows.decode((String, Date, String, String?, Date?).self) {
            complaint.steps.append(ComplaintStep(step: step, at: at, by: by, note: note, promisedReplyAt: promised))
        }
        return complaint
    }

    /// Writes the complaint's changeable state (the row is locked by ``find``).
    func update(_ c: Complaint, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE complaints SET status = \(c.status.rawValue), owner = \(c.owner), first_responded_at = \(c.firstRespondedAt),
                   sla_breached_at = \(c.slaBreachedAt), promised_reply_at = \(c.promisedReplyAt), reply_overdue_at = \(c.replyOverdueAt),
                   escalated_at = \(c.escalatedAt), outcome = \(c.outcome), customer_satisfied = \(c.customerSatisfied), closed_at = \(c.closedAt)
            WHERE tenant_id = \(tenant.uuid) AND id = \(c.id)
            """,
            logger: logger
        )
    }

    /// The newest `limit` complaints, of one status and case or all (without their steps).
    func list(
        status: ComplaintStatus?,
        caseID: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Complaint] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM complaints
            WHERE tenant_id = \(tenant.uuid) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(caseID)::uuid IS NULL OR case_id = \(caseID))
            ORDER BY received_at DESC, id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var found: [Complaint] = []
        for try await row in rows { found.append(try Self.complaint(row)) }
        return found
    }

    struct Period: Sendable {
        let start: String
        let received: Int
        let met: Int
        let missed: Int
        let pending: Int
        let escalated: Int
        let closed: Int
        let satisfied: Int
    }

    /// Complaints received in [from, to) per `period` (`day`, `week`, `month` of the tenant's zone): how many
    /// met the 2-hour first response (answered strictly before it was due), missed it (answered at or after
    /// it, or unanswered when it passed), are still inside it, were escalated, closed, closed satisfied.
    func slaReport(
        from: Date,
        to: Date,
        period: String,
        timeZone: String,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Period] {
        let unit = ["day", "week", "month"].contains(period) ? period : "day"
        let rows = try await connection.query(
            """
            SELECT to_char(date_trunc(\(unit), received_at AT TIME ZONE \(timeZone)), 'YYYY-MM-DD') AS period, count(*)::int,
                   count(*) FILTER (WHERE first_responded_at < first_response_due)::int,
                   count(*) FILTER (WHERE first_responded_at >= first_response_due
                                       OR (first_responded_at IS NULL AND first_response_due <= \(now)))::int,
                   count(*) FILTER (WHERE first_responded_at IS NULL AND first_response_due > \(now))::int,
                   count(escalated_at)::int, count(closed_at)::int, count(*) FILTER (WHERE customer_satisfied)::int
            FROM complaints
            WHERE tenant_id = \(tenant.uuid) AND received_at >= \(from) AND received_at < \(to)
            GROUP BY 1 ORDER BY 1
            """,
            logger: logger
        )
        var periods: [Period] = []
        for try await (start, received, met, missed, pending, escalated, closed, satisfied) in rows.decode(
            (String, Int, Int, Int, Int, Int, Int, Int).self
        ) {
            periods.append(
                Period(
                    start: start,
                    received: received,
                    met: met,
                    missed: missed,
                    pending: pending,
                    escalated: escalated,
                    closed: closed,
                    satisfied: satisfied
                )
            )
        }
        return periods
    }

    static func complaint(_ row: PostgresRow) throws -> Complaint {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        guard let channel = ComplaintChannel(rawValue: try c["channel"].decode(String.self)),
            let urgency = ComplaintUrgency(rawValue: try c["urgency"].decode(String.self)),
            let status = ComplaintStatus(rawValue: try c["status"].decode(String.self))
        else { throw StoredValueError(table: "complaints", id: id) }
        return Complaint(
            id: id,
            caseID: try c["case_id"].decode(UUID?.self),
            channel: channel,
            customerName: try c["customer_name"].decode(String.self),
            customerPhone: try c["customer_phone"].decode(String.self),
            category: try c["category"].decode(String.self),
            urgency: urgency,
            summary: try c["summary"].decode(String.self),
            owner: try c["owner"].decode(String?.self),
            status: status,
            receivedAt: try c["received_at"].decode(Date.self),
            receivedBy: try c["received_by"].decode(String.self),
            firstResponseDue: try c["first_response_due"].decode(Date.self),
            firstRespondedAt: try c["first_responded_at"].decode(Date?.self),
            slaBreachedAt: try c["sla_breached_at"].decode(Date?.self),
            promisedReplyAt: try c["promised_reply_at"].decode(Date?.self),
            replyOverdueAt: try c["reply_overdue_at"].decode(Date?.self),
            escalationDue: try c["escalation_due"].decode(Date.self),
            escalatedAt: try c["escalated_at"].decode(Date?.self),
            outcome: try c["outcome"].decode(String?.self),
            customerSatisfied: try c["customer_satisfied"].decode(Bool?.self),
            closedAt: try c["closed_at"].decode(Date?.self)
        )
    }
}
