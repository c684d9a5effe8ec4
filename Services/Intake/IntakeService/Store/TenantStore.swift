import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A tenant as Intake keeps it: its settings and their version.
struct TenantRecord: Sendable {
    let tenantID: TenantID
    let settingsVersion: Int
    let settings: TenantSettings
}

/// One stored version of a tenant's policy.
struct PolicyRecord: Sendable {
    let version: Int
    let document: PolicyDocument
    let changedBy: String
    let changedAt: Date
}

/// All of Intake's SQL about tenants and their policies. Every statement binds its values and runs in a
/// transaction scoped to the tenant (row-level security applies on top of the explicit filter).
struct TenantStore {
    /// Provisions the tenant with its settings and the first policy version, and appends both events:
    /// one statement. False when the tenant exists already (nothing written).
    func provision(
        _ record: TenantRecord,
        preset: RuleFamily,
        policy: PolicyRecord,
        announcing events: [OutboxEntry],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let settings = try Self.json(record.settings)
        let document = try Self.json(policy.document)
        let rows = try await connection.query(
            """
            WITH tenant AS (
                INSERT INTO tenants (tenant_id, settings_version, settings, preset, created_at, updated_at, updated_by)
                VALUES (\(record.tenantID.uuid), \(record.settingsVersion), \(settings)::jsonb, \(preset.rawValue), \(now), \(now), \(policy.changedBy))
                ON CONFLICT (tenant_id) DO NOTHING
                RETURNING tenant_id
            ), policy AS (
                INSERT INTO policy_versions (tenant_id, version, document, changed_by, changed_at)
                SELECT tenant_id, \(policy.version), \(document)::jsonb, \(policy.changedBy), \(now) FROM tenant
            ), \(outbox: events[0], as: "settings", onlyIf: "tenant"), \(outbox: events[1], as: "policy", onlyIf: "tenant")
            SELECT count(*) FROM tenant
            """,
            logger: logger
        )
        for try await count in rows.decode(Int.self) { return count == 1 }
        return false
    }

    /// The tenant's settings, nil when it was never provisioned. `forUpdate` locks the row for a change.
    func find(_ tenant: TenantID, forUpdate: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> TenantRecord? {
        let query: PostgresQuery =
            forUpdate
            ? "SELECT settings_version, settings::text FROM tenants WHERE tenant_id = \(tenant.uuid) FOR UPDATE"
            : "SELECT settings_version, settings::text FROM tenants WHERE tenant_id = \(tenant.uuid)"
        for try await (version, text) in try await connection.query(query, logger: logger).decode((Int, String).self) {
            return TenantRecord(tenantID: tenant, settingsVersion: version, settings: try Self.decode(TenantSettings.self, text, tenant))
        }
        return nil
    }

    /// Stores the settings at `record.settingsVersion` and appends the event, in one statement.
    func update(
        _ record: TenantRecord,
        by subject: String,
        announcing event: OutboxEntry,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let settings = try Self.json(record.settings)
        try await connection.query(
            """
            WITH \(outbox: event), changed AS (
                UPDATE tenants SET settings_version = \(record.settingsVersion), settings = \(settings)::jsonb,
                       updated_at = \(now), updated_by = \(subject)
                WHERE tenant_id = \(record.tenantID.uuid)
            )
            SELECT 1
            """,
            logger: logger
        )
    }

    /// A version of the tenant's policy, or the current (highest) one when `version` is nil.
    func policy(_ tenant: TenantID, version: Int?, on connection: PostgresConnection, logger: Logger) async throws -> PolicyRecord? {
        let rows = try await connection.query(
            """
            SELECT version, document::text, changed_by, changed_at FROM policy_versions
            WHERE tenant_id = \(tenant.uuid) AND (\(version)::integer IS NULL OR version = \(version))
            ORDER BY version DESC LIMIT 1
            """,
            logger: logger
        )
        for try await (version, text, by, at) in rows.decode((Int, String, String, Date).self) {
            return PolicyRecord(version: version, document: try Self.decode(PolicyDocument.self, text, tenant), changedBy: by, changedAt: at)
        }
        return nil
    }

    /// Appends the next version (current + 1, under the tenant row's lock) and its event; returns it.
    func appendPolicy(
        _ document: PolicyDocument,
        tenant: TenantID,
        by subject: String,
        event: @Sendable (Int) throws -> OutboxEntry,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> PolicyRecord? {
        // The tenant row's lock serialises two puts; the primary key would refuse a race anyway.
        let latest = try await connection.query(
            """
            SELECT (SELECT coalesce(max(version), 0) FROM policy_versions WHERE tenant_id = \(tenant.uuid))
            FROM tenants WHERE tenant_id = \(tenant.uuid) FOR UPDATE
            """,
            logger: logger
        )
        var found: Int?
        for try await version in latest.decode(Int.self) { found = version }
        guard let current = found else { return nil }
        var stored = document
        stored.version = current + 1
        let text = try Self.json(stored)
        try await connection.query(
            """
            WITH \(outbox: try event(stored.version)), added AS (
                INSERT INTO policy_versions (tenant_id, version, document, changed_by, changed_at)
                VALUES (\(tenant.uuid), \(stored.version), \(text)::jsonb, \(subject), \(now))
            )
            SELECT 1
            """,
            logger: logger
        )
        return PolicyRecord(version: stored.version, document: stored, changedBy: subject, changedAt: now)
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try WireJSON.encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, _ tenant: TenantID) throws -> T {
        do {
            return try WireJSON.decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoredValueError(table: "tenants", id: tenant.uuid)
        }
    }
}
