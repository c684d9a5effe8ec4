public import Foundation
import Logging
public import Models
import PostgresNIO
import ServiceKit

/// What every clone of Intake's template starts with, as a real deployment's Intake would hold it: the two
/// test tenants provisioned (settings and the laptop-shop preset as policy version 1) and the test merchant
/// known from Dispatch's events. Tests of provisioning use ``TestTenants/unprovisioned``.
public enum IntakeFixture {
    public static let preset: RuleFamily = .laptopShop
    public static let merchant = UUID(uuidString: IntakeRequests.merchant)!

    public static func seed(_ database: TestDatabase) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01, before every test clock
        var policy = PolicyPresets.preset(preset)
        policy.version = 1
        let document = String(decoding: try WireJSON.encoder.encode(policy), as: UTF8.self)
        try await database.connect(as: "postgres") { client in
            for (tenant, name) in [(TestTenants.a, "测试商城 A"), (TestTenants.b, "测试商城 B")] {
                let settings = String(decoding: try WireJSON.encoder.encode(TenantSettings(name: name)), as: UTF8.self)
                try await client.query(
                    """
                    WITH tenant AS (
                        INSERT INTO tenants (tenant_id, settings_version, settings, preset, created_at, updated_at, updated_by)
                        VALUES (\(tenant.uuid), 1, \(settings)::jsonb, \(preset.rawValue), \(now), \(now), 'fixture')
                    ), policy AS (
                        INSERT INTO policy_versions (tenant_id, version, document, changed_by, changed_at)
                        VALUES (\(tenant.uuid), 1, \(document)::jsonb, 'fixture', \(now))
                    )
                    INSERT INTO merchant_directory (tenant_id, merchant_id, merchant_version, name, status, regions, updated_at)
                    VALUES (\(tenant.uuid), \(merchant), 1, '华强北数码', 'active', ARRAY['440300']::text[], \(now))
                    """,
                    logger: Logger(label: "fixture")
                )
            }
        }
    }
}
