import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// Tenant provisioning, settings and policy versions through the whole stack on a real database: the
/// operator provisions, the tenant's admin reads and changes, "today" follows the tenant's zone, every
/// policy put is a new version and old ones read back unchanged, validation reports every fault with its
/// path, and another tenant or role sees nothing.
@Suite struct TenantPolicyTests {
    static let operator_ = TestCaller(tenant: nil, roles: [.platformOperator], merchant: nil, subject: "ops-1")
    /// Provisioning is what is tested: the tenant is one Intake's fixture has not provisioned.
    static let tenant = TestTenants.unprovisioned
    static let admin = TestCaller.staff([.tenantAdmin], of: tenant, subject: "admin-wang")

    static func settings(name: String = "华强电脑城", zone: String = "Asia/Shanghai") -> [String: Any] {
        [
            "name": name, "timeZone": zone,
            "calendarYears": [
                ["year": 2026, "holidays": ["2026-10-01", "2026-10-02", "2026-10-05"], "makeUpWorkingDays": ["2026-09-27", "2026-10-10"]]
            ],
            "businessHours": ["opens": "09:00", "closes": "18:00"],
        ]
    }

    static func provision(
        _ client: ServiceTestClient,
        tenant: TenantID = TenantPolicyTests.tenant,
        preset: String = "computer_mall"
    ) async throws -> TestResponse {
        try await client.calling(as: operator_).call(
            "CreateTenant",
            ["tenantId": tenant.uuid.wireText, "preset": preset, "settings": settings()]
        )
    }

    @Test func anOperatorProvisionsATenantItsAdminReadsAndChangesIt() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let created = try await Self.provision(client)
                #expect(created.status == .ok, "\(created.json)")
                #expect(created.json["settingsVersion"] as? Int == 1)
                #expect(try await Self.provision(client).json["code"] as? String == "already_exists")

                let admin = try await client.calling(as: Self.admin)
                let read = try await admin.call("GetTenantSettings", [:])
                #expect((read.json["settings"] as? [String: Any])?["name"] as? String == "华强电脑城")

                let changed = try await admin.call("PutTenantSettings", ["settings": Self.settings(name: "华强北店", zone: "America/Los_Angeles")])
                #expect(changed.json["settingsVersion"] as? Int == 2)
                let again = try await admin.call("GetTenantSettings", [:])
                #expect((again.json["settings"] as? [String: Any])?["timeZone"] as? String == "America/Los_Angeles")

                // Both changes left events for the day-counting services, in the same transactions.
                let types = try await harness.database.rows("SELECT type FROM outbox_events ORDER BY id")
                #expect(types == ["tenant.settings_changed", "policy.changed", "tenant.settings_changed"])
            }
        }
    }

    @Test func todayFollowsTheTenantsTimeZone() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                _ = try await Self.provision(client)
                // The harness clock stands at 2026-03-10T02:00Z: 10:00 in Shanghai, still 03-09 in Los Angeles.
                let admin = try await client.calling(as: Self.admin)
                let clerk = try await client.calling(as: .clerk(Self.tenant))
                let tomorrowInShanghai = IntakeRequests.createBody(["purchaseDate": "2026-03-10", "merchantId": NSNull()])
                #expect(try await clerk.call("CreateCase", tomorrowInShanghai).status == .ok)
                _ = try await admin.call("PutTenantSettings", ["settings": Self.settings(zone: "America/Los_Angeles")])
                let refused = try await clerk.call("CreateCase", tomorrowInShanghai)
                #expect(refused.json["code"] as? String == "invalid_argument")
                #expect(refused.violatedFields == ["purchaseDate"])
            }
        }
    }

    @Test func everyPutIsANewVersionAndOldVersionsReadBackUnchanged() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                _ = try await Self.provision(client, preset: "leather_goods")
                let admin = try await client.calling(as: Self.admin)
                let first = try await admin.call("GetPolicy", [:])
                #expect(first.json["version"] as? Int == 1)
                var policy = try #require(first.json["policy"] as? [String: Any])
                #expect(policy["policyId"] as? String == "leather_goods")
                policy["name"] = ["zh": "皮具店（修订）", "en": "Leather shop, revised"]
                let put = try await admin.call("PutPolicy", ["policy": policy])
                #expect(put.status == .ok, "\(put.json)")
                #expect(put.json["version"] as? Int == 2)
                #expect(put.json["changedBy"] as? String == "admin-wang")

                let old = try await admin.call("GetPolicy", ["version": 1])
                #expect(
                    NSDictionary(dictionary: old.json["policy"] as? [String: Any] ?? [:])
                        == NSDictionary(dictionary: first.json["policy"] as? [String: Any] ?? [:])
                )
                let current = try await admin.call("GetPolicy", [:])
                #expect((current.json["policy"] as? [String: Any])?["name"] as? [String: String] == ["zh": "皮具店（修订）", "en": "Leather shop, revised"])
                #expect(try await admin.call("GetPolicy", ["version": 3]).json["code"] as? String == "not_found")
                #expect(try await harness.database.rows("SELECT type FROM outbox_events WHERE type = 'policy.changed'").count == 2)
            }
        }
    }

    @Test func anInvalidPolicyIsRefusedWithEveryFaultAndItsPath() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                _ = try await Self.provision(client)
                let admin = try await client.calling(as: Self.admin)
                var policy = try #require(try await admin.call("GetPolicy", [:]).json["policy"] as? [String: Any])
                policy["currency"] = "yuan"
                var entitlements = try #require(policy["entitlements"] as? [[String: Any]])
                entitlements[0]["ruleIds"] = ["CM01"]
                policy["entitlements"] = entitlements
                let refused = try await admin.call("PutPolicy", ["policy": policy])
                #expect(refused.json["code"] as? String == "invalid_argument")
                #expect(refused.violatedFields == ["policy.currency", "policy.entitlements[0].ruleIds[0]"])
                policy["family"] = "bazaar"
                let undecodable = try await admin.call("PutPolicy", ["policy": policy])
                #expect(undecodable.json["code"] as? String == "invalid_argument")
                #expect(undecodable.violatedFields.contains { $0.contains("family") }, "\(undecodable.json)")
                #expect(try await admin.call("GetPolicy", [:]).json["version"] as? Int == 1, "nothing was stored")
            }
        }
    }

    @Test(arguments: PolicyPresets.all.map(\.family))
    func evaluatePolicyExplainsEachPresetsDecision(_ family: RuleFamily) async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                _ = try await Self.provision(client, preset: family.rawValue)
                let facts: [String: Any] = [
                    "pricePaid": ["currency": "CNY", "amountMinor": 30_000], "line": ["category": "shoes_leather", "brand": "Gigabyte"],
                    "dates": [
                        "sale": "2026-03-05", "signedFor": "2026-03-06", "delivery": "2026-03-06", "shipment": "2026-03-04",
                        "groupBuySuccess": "2026-03-03",
                    ],
                    "flags": ["quality_issue", "has_invoice", "has_three_guarantees_card", "accessories_complete", "packaging_intact", "shipped"],
                ]
                let decided = try await client.calling(as: .staff([.intakeClerk], of: Self.tenant)).call("EvaluatePolicy", ["facts": facts])
                #expect(decided.status == .ok, "\(decided.json)")
                let options = decided.json["options"] as? [[String: Any]] ?? []
                #expect(options.count == Resolution.allCases.count)
                #expect(decided.json["policyId"] as? String == PolicyPresets.preset(family).policyId)
                #expect(decided.json["requestDate"] as? String == "2026-03-10")
                // The server's answer is the engine's own, on the tenant's calendar.
                let expected = PolicyEngine.evaluate(
                    facts: try JSONDecoder().decode(CaseFacts.self, from: JSONSerialization.data(withJSONObject: facts)),
                    policy: PolicyPresets.preset(family),
                    calendar: try JSONDecoder().decode(TenantSettings.self, from: JSONSerialization.data(withJSONObject: Self.settings())).calendar,
                    now: ServiceHarness<IntakeService>.start
                )
                #expect(options.map { $0["status"] as? String } == expected.options.map(\.status.rawValue))
                #expect(options.allSatisfy { !($0["reasons"] as? [Any] ?? []).isEmpty }, "every option is explained")
                #expect(try await harness.database.rows("SELECT id::text FROM cases").isEmpty, "nothing is stored")
            }
        }
    }

    @Test func badFactsAreRefusedWithTheirPath() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                _ = try await Self.provision(client)
                let clerk = try await client.calling(as: .staff([.intakeClerk], of: Self.tenant))
                let facts: [String: Any] = [
                    "pricePaid": ["currency": "CNY", "amountMinor": 100], "line": ["category": "x"], "flags": ["teleported"],
                ]
                let refused = try await clerk.call("EvaluatePolicy", ["facts": facts])
                #expect(refused.json["code"] as? String == "invalid_argument")
                #expect(refused.violatedFields.contains { $0.hasPrefix("facts.flags") }, "\(refused.json)")
            }
        }
    }

    @Test func tenantsAndRolesAreIsolated() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                _ = try await Self.provision(client)
                // Another tenant's admin meets a tenant of its own that was never provisioned.
                let other = try await client.calling(as: .staff([.tenantAdmin], of: TenantID(UUID().uuidString.lowercased())!))
                #expect(try await other.call("GetTenantSettings", [:]).json["code"] as? String == "failed_precondition")
                #expect(try await other.call("GetPolicy", [:]).json["code"] as? String == "failed_precondition")
                // A clerk may evaluate but not change; a tenant admin may not provision.
                let clerk = try await client.calling(as: .staff([.intakeClerk], of: Self.tenant))
                #expect(try await clerk.call("PutTenantSettings", ["settings": Self.settings()]).json["code"] as? String == "permission_denied")
                #expect(try await clerk.call("PutPolicy", ["policy": [:]]).json["code"] as? String == "permission_denied")
                let admin = try await client.calling(as: Self.admin)
                let provisioning = try await admin.call(
                    "CreateTenant",
                    ["tenantId": TestTenants.b.uuid.wireText, "preset": "furniture", "settings": Self.settings()]
                )
                #expect(provisioning.json["code"] as? String == "permission_denied")
                // Bad settings: every fault at once.
                var bad = Self.settings(zone: "Mars/Olympus")
                bad["businessHours"] = ["opens": "18:00", "closes": "09:00"]
                bad["calendarYears"] = [["year": 2026, "holidays": ["2027-01-01"], "makeUpWorkingDays": ["2026-09-28"]]]
                let refused = try await admin.call("PutTenantSettings", ["settings": bad])
                #expect(
                    refused.violatedFields
                        == [
                            "settings.timeZone", "settings.businessHours.closes", "settings.calendarYears[0].holidays[0]",
                            "settings.calendarYears[0].makeUpWorkingDays[0]",
                        ]
                )
            }
        }
    }
}
