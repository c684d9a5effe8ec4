import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The escalation desk in SQL; every call runs in a transaction scoped to the tenant.
struct EscalationStore {
    static let selected = """
        id, case_id, merchant_id, reason, trigger, status, opened_at, due_at, outcome, resolution, carried_out_by, note, closed_at
        """

    func insert(_ escalation: Escalation, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO escalations (tenant_id, id, case_id, merchant_id, reason, trigger, status, opened_at, due_at)
            VALUES (\(tenant.uuid), \(escalation.id), \(escalation.caseID), \(escalation.merchantID), \(escalation.reason),
                    \(escalation.trigger.rawValue), 'open', \(escalation.openedAt), \(escalation.dueAt))
            """,
            logger: logger
        )
    }

    func lock(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Escalation? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.selected) FROM escalations WHERE tenant_id = \(tenant.uuid) AND id = \(id) FOR UPDATE",
            logger: logger
        )
        var found: Escalation?
        for try await row in rows { found = try Self.decode(row) }
        guard var escalation = found else { return nil }
        escalation.contacts = try await contacts(of: [id], tenant: tenant, on: connection, logger: logger)[id] ?? []
        return escalation
    }

    func addContact(_ contact: Escalation.Contact, to id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO escalation_contacts (tenant_id, id, escalation_id, party, channel, note, at, recorded_by)
            VALUES (\(tenant.uuid), \(UUID.v7()), \(id), \(contact.party.rawValue), \(contact.channel.rawValue), \(contact.note), \(contact.at),
                    \(contact.recordedBy))
            """,
            logger: logger
        )
    }

    func close(_ escalation: Escalation, by who: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE escalations SET status = 'closed', outcome = \(escalation.outcome?.rawValue), resolution = \(escalation.resolution?.rawValue),
                carried_out_by = \(escalation.carriedOutBy?.rawValue), note = \(escalation.note), closed_at = \(escalation.closedAt), closed_by = \(who)
            WHERE tenant_id = \(tenant.uuid) AND id = \(escalation.id)
            """,
            logger: logger
        )
    }

    /// Closes the case's open escalation as withdrawn (the case was cancelled); its id, nil when none was open.
    func withdrawOpen(of caseID: UUID, at now: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query(
            """
            UPDATE escalations SET status = 'closed', outcome = 'withdrawn', note = 'the case was cancelled at Intake', closed_at = \(now),
                   closed_by = 'intake'
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND status = 'open'
            RETURNING id
            """,
            logger: logger
        )
        for try await (id) in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Records the SLA breach of a still-open escalation (its timer fired).
    func breached(_ id: UUID, at now: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE escalations SET breached_at = \(now) WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND status = 'open' AND breached_at IS NULL",
            logger: logger
        )
    }

    /// A page of escalations, oldest first, in `status` when set, with their contacts.
    func list(
        tenant: TenantID,
        status: Escalation.Status?,
        after: UUID?,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Escalation] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.selected) FROM escalations
            WHERE tenant_id = \(tenant.uuid) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var found: [Escalation] = []
        for try await row in rows { found.append(try Self.decode(row)) }
        let contacts = try await contacts(of: found.map(\.id), tenant: tenant, on: connection, logger: logger)
        return found.map { escalation in
            var escalation = escalation
            escalation.contacts = contacts[escalation.id] ?? []
            return escalation
        }
    }

    func contacts(of ids: [UUID], tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [UUID: [Escalation.Contact]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT escalation_id, party, channel, note, at, recorded_by FROM escalation_contacts
            WHERE tenant_id = \(tenant.uuid) AND escalation_id = ANY(\(ids)) ORDER BY id
            """,
            logger: logger
        )
        var found: [UUID: [Escalation.Contact]] = [:]
        for try await (id, party, channel, note, at, recordedBy) in rows.decode((UUID, String, String, String, Date, String).self) {
            guard let party = Escalation.Party(rawValue: party), let channel = Escalation.Channel(rawValue: channel) else {
                throw StoredValueError(table: "escalation_contacts", id: id)
            }
            found[id, default: []].append(Escalation.Contact(party: party, channel: channel, note: note, at: at, recordedBy: recordedBy))
        }
        return found
    }

    static func decode(_ row: PostgresRow) throws -> Escalation {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        guard let trigger = Escalation.Trigger(rawValue: try c["trigger"].decode(String.self)),
            let status = Escalation.Status(rawValue: try c["status"].decode(String.self))
        else { throw StoredValueError(table: "escalations", id: id) }
        var escalation = Escalation(
            id: id,
            caseID: try c["case_id"].decode(UUID.self),
            merchantID: try c["merchant_id"].decode(UUID?.self),
            reason: try c["reason"].decode(String.self),
            trigger: trigger,
            status: status,
            openedAt: try c["opened_at"].decode(Date.self),
            dueAt: try c["due_at"].decode(Date.self)
        )
        escalation.outcome = try c["outcome"].decode(String?.self).flatMap(Escalation.Outcome.init(rawValue:))
        escalation.resolution = try c["resolution"].decode(String?.self).flatMap(Resolution.init(rawValue:))
        escalation.carriedOutBy = try c["carried_out_by"].decode(String?.self).flatMap(CarriedOutBy.init(rawValue:))
        escalation.note = try c["note"].decode(String?.self)
        escalation.closedAt = try c["closed_at"].decode(Date?.self)
        return escalation
    }
}
