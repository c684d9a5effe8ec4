import Foundation
public import Logging
public import Models
public import PostgresNIO

/// The copy of each tenant's settings that a day-counting service keeps from Intake's
/// `tenant.settings_changed` (DESIGN §6: read models kept by events, never a call to Intake): the time zone
/// and holiday calendar its deadlines count with. The highest `settingsVersion` wins, so a redelivered or
/// late older event changes nothing.
public enum TenantCalendars {
    /// The table, for a service's own migration list (one file per migration, under the service's number).
    public static func migration(_ name: String) -> Migration {
        Migration(
            name,
            statements: [
                """
                CREATE TABLE tenant_calendars (
                    tenant_id uuid PRIMARY KEY,
                    settings_version integer NOT NULL CHECK (settings_version >= 1),
                    time_zone text NOT NULL,
                    settings jsonb NOT NULL,
                    updated_at timestamptz NOT NULL
                )
                """
            ] + TenancyMigration.tenantPolicy(on: "tenant_calendars")
        )
    }

    /// Registers the handler that keeps the table.
    public static func keep(on handlers: inout EventHandlers) {
        handlers.on(TenantSettingsChanged.self) { event, _, context in
            try await store(event, context: context)
        }
    }

    static func store(_ event: TenantSettingsChanged, context: EventContext) async throws {
        let settings = String(decoding: try WireJSON.encoder.encode(event.settings), as: UTF8.self)
        try await context.connection.query(
            """
            INSERT INTO tenant_calendars (tenant_id, settings_version, time_zone, settings, updated_at)
            VALUES (\(context.tenant.uuid), \(event.settingsVersion), \(event.settings.timeZone), \(settings)::jsonb, \(context.now))
            ON CONFLICT (tenant_id) DO UPDATE
               SET settings_version = EXCLUDED.settings_version, time_zone = EXCLUDED.time_zone,
                   settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at
             WHERE tenant_calendars.settings_version < EXCLUDED.settings_version
            """,
            logger: context.logger
        )
    }

    /// The tenant's settings as last received, nil before the first event (count with the deployment's
    /// default calendar then). Runs in the caller's tenant-scoped transaction.
    public static func settings(
        of tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (version: Int, settings: TenantSettings)? {
        let rows = try await connection.query(
            "SELECT settings_version, settings::text FROM tenant_calendars WHERE tenant_id = \(tenant.uuid)",
            logger: logger
        )
        for try await (version, text) in rows.decode((Int, String).self) {
            return (version, try WireJSON.decoder.decode(TenantSettings.self, from: Data(text.utf8)))
        }
        return nil
    }

    /// The tenant's business calendar (its zone, holidays and make-up days), the deployment's default before
    /// its first settings event. Runs in the caller's tenant-scoped transaction.
    public static func calendar(of tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> BusinessCalendar {
        try await settings(of: tenant, on: connection, logger: logger)?.settings.calendar ?? BusinessCalendar()
    }
}
