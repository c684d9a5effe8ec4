import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// A tenant provisioned with the CLI against the running executables, its time zone and calendar then
/// changed with the admin token the CLI printed: Intake's "today" for the next case follows the new zone,
/// and the settings event reaches the four day-counting services, whose read models hold the new calendar.
/// Time moves only by the test clocks.
@Suite(.serialized) struct TenantSettingsSystemTests {
    static let services = ["intake", "dispatch", "returns", "repairs", "notifications"]
    static let dayCounters = ["dispatch", "returns", "repairs", "notifications"]

    static func aftersales(_ arguments: [String]) async throws -> CommandLineTool.Run {
        try await CommandLineTool.run(arguments)
    }

    /// The stored calendar of `tenant` in `service`'s read model: (version, zone, settings JSON).
    static func calendar(_ platform: RunningPlatform, _ service: String, _ tenant: TenantID) async throws -> (Int, String, String)? {
        guard let database = platform.databases[service] else { return nil }
        return try await database.connect(as: "postgres") { client in
            let rows = try await client.query(
                "SELECT settings_version, time_zone, settings::text FROM tenant_calendars WHERE tenant_id = \(tenant.uuid)",
                logger: .init(label: "test")
            )
            for try await row in rows.decode((Int, String, String).self) { return row }
            return nil
        }
    }

    @Test func aTenantCreatedWithTheCLIHasItsZoneAndCalendarFollowedEverywhere() async throws {
        // An operator key set of the CLI's own, trusted beside the test keys.
        let keys = FileManager.default.temporaryDirectory.appending(path: "keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: keys) }
        #expect(try await Self.aftersales(["keys", "generate", "--out", keys]).status == 0)
        let cliKeys = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: keys + "/jwks.json"))) as? [String: Any]
        let testKeys = try JSONSerialization.jsonObject(with: Data(TestTokens.keySet.utf8)) as? [String: Any]
        let merged = ["keys": (testKeys?["keys"] as? [Any] ?? []) + (cliKeys?["keys"] as? [Any] ?? [])]
        let keySet = String(decoding: try JSONSerialization.data(withJSONObject: merged), as: UTF8.self)
        let extra = Dictionary(uniqueKeysWithValues: Self.services.map { ($0, ["AUTH_JWKS": keySet]) })

        try await RunningPlatform.with(Self.services, extra: extra) { platform in
            let tenant = TestTenants.unprovisioned
            let intake = "http://127.0.0.1:\(platform.port("intake"))"
            // 2027-03-10T02:00Z: 10:00 on the 10th in Shanghai, still the 9th in Los Angeles.
            try await platform.clock.set(RFC3339.date("2027-03-10T02:00:00Z")!)

            let created = try await Self.aftersales([
                "tenant", "create", "--key", keys + "/operator-1.pem", "--name", "华强电脑城", "--preset", "computer_mall",
                "--tenant", tenant.description, "--holidays", "2027-10-01,2027-10-02", "--make-up-days", "2027-09-26", "--url", intake,
            ])
            #expect(created.status == 0, "\(created.errors)")
            let adminToken = try #require(created.json["adminToken"] as? String)
            #expect(created.json["tenantId"] as? String == tenant.description)
            // A second create of the same tenant is refused, and says why.
            let again = try await Self.aftersales([
                "tenant", "create", "--key", keys + "/operator-1.pem", "--name", "x", "--preset", "furniture", "--tenant", tenant.description,
                "--url", intake,
            ])
            #expect(again.status == 1 && again.errors.contains("already_exists"), "\(again.errors)")

            try await platform.clock.drain()
            for service in Self.dayCounters {
                let stored = try await Self.calendar(platform, service, tenant)
                #expect(stored?.0 == 1 && stored?.1 == "Asia/Shanghai", "\(service): \(String(describing: stored))")
                #expect(stored?.2.contains("2027-09-26") == true, "\(service) keeps the make-up day")
            }

            let caseBody = IntakeRequests.createBody(
                [
                    "productName": "显卡", "productCategory": "graphics_card", "purchaseDate": "2027-03-10", "reason": "花屏",
                    "requestedResolution": "replace_new", "merchantId": NSNull(),
                ],
                order: "JD-1"
            )
            let inShanghai = try await platform.call("intake", "CreateCase", caseBody, as: .clerk(tenant))
            #expect(inShanghai.status == .ok, "bought today in Shanghai")

            let newSettings: [String: Any] = [
                "settings": [
                    "name": "华强电脑城 洛杉矶", "timeZone": "America/Los_Angeles",
                    "calendarYears": [["year": 2027, "holidays": ["2027-07-05"], "makeUpWorkingDays": []]],
                    "businessHours": ["opens": "10:00", "closes": "19:00"],
                ]
            ]
            let put = try await Self.aftersales([
                "call", "IntakeService/PutTenantSettings", String(decoding: try JSONSerialization.data(withJSONObject: newSettings), as: UTF8.self),
                "--token", adminToken, "--url", intake,
            ])
            #expect(put.status == 0, "\(put.errors) \(put.output)")
            #expect(put.json["settingsVersion"] as? Int == 2)

            let inLosAngeles = try await platform.call("intake", "CreateCase", caseBody, as: .clerk(tenant))
            #expect(inLosAngeles.status == .badRequest, "the 10th has not begun in Los Angeles")
            #expect(inLosAngeles.violatedFields == ["purchaseDate"])

            try await platform.clock.drain()
            for service in Self.dayCounters {
                let stored = try await Self.calendar(platform, service, tenant)
                #expect(stored?.0 == 2 && stored?.1 == "America/Los_Angeles", "\(service): \(String(describing: stored))")
                #expect(stored?.2.contains("2027-07-05") == true && stored?.2.contains("2027-09-26") == false, "\(service) holds the new calendar")
            }

            // A late, older settings event (a new id, so not an inbox duplicate) changes nothing.
            let stale = EventEnvelope(
                id: UUID(),
                tenantID: tenant,
                subject: EventSubject(kind: "tenant", id: tenant.description),
                occurredAt: RFC3339.date("2027-03-10T02:00:00Z")!,
                producer: "intake",
                data: TenantSettingsChanged(settingsVersion: 1, settings: TenantSettings(name: "old", timeZone: "Asia/Tokyo"))
            )
            let envelope = try JSONSerialization.jsonObject(with: JSONEncoder().encode(stale))
            let delivered = try await platform.clock.post("returns", PlatformPaths.deliver, ["events": [envelope]])
            #expect(delivered.status == 200 && delivered.json["applied"] as? Int == 1, "\(delivered.json)")
            #expect(try await Self.calendar(platform, "returns", tenant)?.1 == "America/Los_Angeles", "the higher version stays")
        }
    }
}
