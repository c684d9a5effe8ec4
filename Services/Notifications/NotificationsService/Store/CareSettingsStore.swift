import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A tenant's care settings, its own templates and its customers' contact preferences.
struct CareSettingsStore {
    func settings(tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> CareSettings {
        let rows = try await connection.query(
            "SELECT quiet_start, quiet_end, follow_up::text, default_language, updated_at FROM care_settings WHERE tenant_id = \(tenant.uuid)",
            logger: logger
        )
        for try await (start, end, followUp, language, updatedAt) in rows.decode((String, String, String, String, Date).self) {
            return CareSettings(
                quietHours: QuietHours(start: start, end: end),
                followUp: try WireJSON.decoder.decode(FollowUpSchedule.self, from: Data(followUp.utf8)),
                defaultLanguage: MessageLanguage(rawValue: language) ?? .fallback,
                updatedAt: updatedAt
            )
        }
        return .standard
    }

    func put(_ settings: CareSettings, tenant: TenantID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        let followUp = String(decoding: try WireJSON.encoder.encode(settings.followUp), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO care_settings (tenant_id, quiet_start, quiet_end, follow_up, default_language, updated_at)
            VALUES (\(tenant.uuid), \(settings.quietHours.start), \(settings.quietHours.end), \(followUp)::jsonb,
                    \(settings.defaultLanguage.rawValue), \(now))
            ON CONFLICT (tenant_id) DO UPDATE
               SET quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, follow_up = EXCLUDED.follow_up,
                   default_language = EXCLUDED.default_language, updated_at = EXCLUDED.updated_at
            """,
            logger: logger
        )
    }

    /// The tenant's own templates (the standard ones stand for the others).
    func templates(tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [(MessageTemplate, Date)] {
        let rows = try await connection.query(
            "SELECT notice, language, body, updated_at FROM message_templates WHERE tenant_id = \(tenant.uuid) ORDER BY notice, language",
            logger: logger
        )
        var found: [(MessageTemplate, Date)] = []
        for try await (notice, language, body, updatedAt) in rows.decode((String, String, String, Date).self) {
            guard let notice = CustomerNotice(rawValue: notice), let language = MessageLanguage(rawValue: language),
                case .success(let template) = MessageTemplate.checked(notice, language, body: body)
            else { continue }
            found.append((template, updatedAt))
        }
        return found
    }

    /// The template a message of `notice` in `language` is made from: the tenant's, else the platform's.
    func template(
        _ notice: CustomerNotice,
        _ language: MessageLanguage,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> MessageTemplate {
        let rows = try await connection.query(
            "SELECT body FROM message_templates WHERE tenant_id = \(tenant.uuid) AND notice = \(notice.rawValue) AND language = \(language.rawValue)",
            logger: logger
        )
        for try await body in rows.decode(String.self) {
            if case .success(let template) = MessageTemplate.checked(notice, language, body: body) { return template }
        }
        return .standard(notice, language)
    }

    func putTemplate(
        _ template: MessageTemplate,
        by: String,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    )
        async throws
    {
        try await connection.query(
            """
            INSERT INTO message_templates (tenant_id, notice, language, body, updated_at, updated_by)
            VALUES (\(tenant.uuid), \(template.notice.rawValue), \(template.language.rawValue), \(template.body), \(now), \(by))
            ON CONFLICT (tenant_id, notice, language) DO UPDATE
               SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """,
            logger: logger
        )
    }

    func preferences(phone: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> ContactPreferences? {
        let rows = try await connection.query(
            """
            SELECT language, channel, email, quiet_start, quiet_end, updated_at FROM contact_preferences
            WHERE tenant_id = \(tenant.uuid) AND phone = \(phone)
            """,
            logger: logger
        )
        for try await (language, channel, email, start, end, updatedAt) in rows.decode((String, String, String?, String?, String?, Date).self) {
            return ContactPreferences(
                phone: phone,
                language: MessageLanguage(rawValue: language) ?? .fallback,
                channel: MessageChannelKind(rawValue: channel) ?? .sms,
                email: email,
                quietHours: start.flatMap { start in end.map { QuietHours(start: start, end: $0) } },
                updatedAt: updatedAt
            )
        }
        return nil
    }

    func putPreferences(_ preferences: ContactPreferences, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO contact_preferences (tenant_id, phone, language, channel, email, quiet_start, quiet_end, updated_at)
            VALUES (\(tenant.uuid), \(preferences.phone), \(preferences.language.rawValue), \(preferences.channel.rawValue), \(preferences.email),
                    \(preferences.quietHours?.start), \(preferences.quietHours?.end), \(preferences.updatedAt))
            ON CONFLICT (tenant_id, phone) DO UPDATE
               SET language = EXCLUDED.language, channel = EXCLUDED.channel, email = EXCLUDED.email,
                   quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, updated_at = EXCLUDED.updated_at
            """,
            logger: logger
        )
    }
}
