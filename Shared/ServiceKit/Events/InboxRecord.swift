import Foundation
import Logging
import Models
import PostgresNIO

/// Records a tenant's events of one delivery in the inbox, in one statement that also sets the transaction's
/// tenant (the sink's first statement): the ids newly recorded come back; the others were there already
/// (a redelivery). Rows are written in batch order, so a subject's inbox positions follow its events.
struct InboxRecord: PostgresPreparedStatement {
    static let name = "aftersales_record_inbox_events"
    static let sql = """
        WITH settings AS (SELECT set_config('app.tenant_id', $1, true) AS tenant)
        INSERT INTO inbox_events (tenant_id, event_id, type, producer, subject_kind, subject_id, occurred_at, applied_at)
        SELECT settings.tenant::uuid, e.id, e.type, e.producer, e.kind, e.subject, e.occurred, $8
        FROM settings, unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
            WITH ORDINALITY AS e(id, type, producer, kind, subject, occurred, n)
        ORDER BY e.n
        ON CONFLICT (tenant_id, event_id) DO NOTHING
        RETURNING event_id
        """
    typealias Row = UUID

    let tenant: TenantID
    let headers: [EventHeader]
    let now: Date

    /// The ids recorded now, of `headers` (all of `tenant`).
    static func insert(
        _ headers: [EventHeader],
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Set<UUID> {
        var fresh = Set<UUID>()
        for try await id in try await connection.execute(InboxRecord(tenant: tenant, headers: headers, now: now), logger: logger) {
            fresh.insert(id)
        }
        return fresh
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(tenant.description)
        bindings.append(headers.map(\.id))
        bindings.append(headers.map(\.type))
        bindings.append(headers.map(\.producer))
        bindings.append(headers.map(\.subject.kind))
        bindings.append(headers.map(\.subject.id))
        bindings.append(headers.map(\.occurredAt))
        bindings.append(now)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
}
