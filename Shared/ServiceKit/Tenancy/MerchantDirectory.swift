public import Foundation
public import Logging
public import Models
public import PostgresNIO

/// The copy of the tenant's merchants that a service keeps from Dispatch's `merchant.*` events (DESIGN §6:
/// read models kept by events, never a call to Dispatch): id, name, status and regions — enough to check a
/// merchant reference and to show whom a case waits on. The highest `merchantVersion` wins, so a
/// redelivered or late older event changes nothing.
public enum MerchantDirectory {
    /// A merchant as the read model knows it.
    public struct Entry: Sendable, Equatable {
        public let merchantID: UUID
        public let version: Int
        public let name: String
        public let status: MerchantStatus
        public let regions: [String]
    }

    /// The table, for a service's own migration list (one file per migration, under the service's number).
    public static func migration(_ name: String) -> Migration {
        Migration(
            name,
            statements: [
                """
                CREATE TABLE merchant_directory (
                    tenant_id uuid NOT NULL,
                    merchant_id uuid NOT NULL,
                    merchant_version integer NOT NULL CHECK (merchant_version >= 1),
                    name text NOT NULL,
                    status text NOT NULL,
                    regions text[] NOT NULL,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, merchant_id)
                )
                """
            ] + TenancyMigration.tenantPolicy(on: "merchant_directory")
        )
    }

    /// Registers the handlers that keep the table.
    public static func keep(on handlers: inout EventHandlers) {
        handlers.on(MerchantRegistered.self) { event, _, context in try await store(event.merchant, context: context) }
        handlers.on(MerchantUpdated.self) { event, _, context in try await store(event.merchant, context: context) }
        handlers.on(MerchantSuspended.self) { event, _, context in try await store(event.merchant, context: context) }
        handlers.on(MerchantReinstated.self) { event, _, context in try await store(event.merchant, context: context) }
    }

    static func store(_ merchant: MerchantSummary, context: EventContext) async throws {
        try await context.connection.query(
            """
            INSERT INTO merchant_directory (tenant_id, merchant_id, merchant_version, name, status, regions, updated_at)
            VALUES (\(context.tenant.uuid), \(merchant.merchantID), \(merchant.merchantVersion), \(merchant.name),
                    \(merchant.status.rawValue), \(merchant.regions), \(context.now))
            ON CONFLICT (tenant_id, merchant_id) DO UPDATE
               SET merchant_version = EXCLUDED.merchant_version, name = EXCLUDED.name, status = EXCLUDED.status,
                   regions = EXCLUDED.regions, updated_at = EXCLUDED.updated_at
             WHERE merchant_directory.merchant_version < EXCLUDED.merchant_version
            """,
            logger: context.logger
        )
    }

    /// The merchant as last received, nil when no event about it has arrived. Runs in the caller's
    /// tenant-scoped transaction.
    public static func find(
        _ merchant: UUID,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Entry? {
        let rows = try await connection.query(
            """
            SELECT merchant_version, name, status, regions FROM merchant_directory
            WHERE tenant_id = \(tenant.uuid) AND merchant_id = \(merchant)
            """,
            logger: logger
        )
        for try await (version, name, status, regions) in rows.decode((Int, String, String, [String]).self) {
            guard let status = MerchantStatus(rawValue: status) else { throw StoredValueError(table: "merchant_directory", id: merchant) }
            return Entry(merchantID: merchant, version: version, name: name, status: status, regions: regions)
        }
        return nil
    }
}
