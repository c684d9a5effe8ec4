import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// The registry's events reach Intake's read model across the two running services (a registration, an
/// update and a suspension each seen there), a merchant's own acknowledge deadline times its cases, and a
/// suspended merchant receives nothing new. Time moves only by the test clocks.
@Suite(.serialized) struct MerchantRegistrySystemTests {
    static let services = ["intake", "dispatch"]
    static let admin = TestCaller.staff([.tenantAdmin], of: TestTenants.a, subject: "admin-a")

    /// Intake's read model of `merchant`: "version name status".
    static func directory(_ platform: RunningPlatform, _ merchant: String) async throws -> String? {
        try await platform.databases["intake"]!.connect(as: "postgres") { client in
            let rows = try await client.query(
                "SELECT merchant_version || ' ' || name || ' ' || status FROM merchant_directory WHERE merchant_id = \(UUID(uuidString: merchant)!)",
                logger: .init(label: "test")
            )
            for try await text in rows.decode(String.self) { return text }
            return nil
        }
    }

    static func createCase(_ platform: RunningPlatform, merchant: String, order: String) async throws -> String {
        try await platform.clock.drain()
        let body = IntakeRequests.createBody(
            ["productName": "显卡", "productCategory": "graphics_card", "reason": "花屏", "merchantId": merchant],
            order: order
        )
        let created = try await platform.call("intake", "CreateCase", body, as: admin)
        #expect(created.status == .ok, "\(created.json)")
        return try #require(created.json["caseId"] as? String)
    }

    static func caseStatus(_ platform: RunningPlatform, _ caseID: String) async throws -> String? {
        try await platform.call("intake", "GetCase", ["caseId": caseID], as: admin).json["status"] as? String
    }

    @Test func registryEventsReachIntakeAndASuspendedMerchantReceivesNothingNew() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(RFC3339.date("2026-12-01T02:00:00Z")!)
            let profile: [String: Any] = [
                "name": "华强电子", "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"],
                "responseDeadlines": ["acknowledgeHours": 24],
            ]
            let created = try await platform.call("dispatch", "CreateMerchant", profile, as: Self.admin)
            let merchant = try #require(created.json["merchantId"] as? String)
            try await platform.clock.drain()
            #expect(try await Self.directory(platform, merchant) == "1 华强电子 active")

            var renamed = profile
            renamed["merchantId"] = merchant
            renamed["name"] = "华强电子（深圳）"
            #expect(try await platform.call("dispatch", "UpdateMerchant", renamed, as: Self.admin).status == .ok)
            try await platform.clock.drain()
            #expect(try await Self.directory(platform, merchant) == "2 华强电子（深圳） active")

            // Its own deadline: 24 h, not the deployment's 48 h.
            let timed = try await Self.createCase(platform, merchant: merchant, order: "JD-1")
            try await platform.clock.drain()
            #expect(try await Self.caseStatus(platform, timed) == "dispatched_to_merchant")
            try await platform.clock.advance(by: 24 * 3600 + 1)
            try await platform.clock.drain()
            #expect(try await Self.caseStatus(platform, timed) == "merchant_response_overdue")
            // The case's timeline, from the events the two services exchanged: who, what and when.
            let timeline = try await platform.call("intake", "GetCaseTimeline", ["caseId": timed], as: Self.admin)
            let entries = timeline.json["entries"] as? [[String: Any]] ?? []
            #expect(
                entries.compactMap { $0["type"] as? String }
                    == ["case.registered", "dispatch.case_queued", "dispatch.merchant_response_overdue", "dispatch.case_chased"]
            )
            #expect(entries.compactMap { $0["actorRole"] as? String } == ["tenant_admin", "dispatcher_runner", "system", "dispatcher_runner"])
            #expect(entries.dropFirst().allSatisfy { $0["service"] as? String == "dispatch" && $0["merchantId"] as? String == merchant })

            let suspended = try await platform.call("dispatch", "SuspendMerchant", ["merchantId": merchant, "reason": "多次超时未响应"], as: Self.admin)
            #expect(suspended.status == .ok)
            try await platform.clock.drain()
            #expect(try await Self.directory(platform, merchant) == "3 华强电子（深圳） suspended")

            // Its open case went back to routing with the suspension (no deadline runs on it); a new case for
            // the suspended merchant is held for routing too: not queued for it, no deadline.
            let held = try await Self.createCase(platform, merchant: merchant, order: "JD-2")
            try await platform.clock.drain()
            #expect(try await Self.caseStatus(platform, held) == "recorded")
            let routing = try await platform.databases["dispatch"]!.rows(
                "SELECT case_id::text || ' ' || routing_reason FROM dispatch_cases WHERE status = 'awaiting_routing'"
            )
            #expect(routing.sorted() == ["\(timed) merchant_suspended", "\(held) merchant_suspended"].sorted())
            let timers = try await platform.databases["dispatch"]!.rows("SELECT count(*)::text FROM timers WHERE status = 'pending'")
            #expect(timers == ["0"], "no deadline runs on a suspended merchant's cases")
            #expect(try await Self.caseStatus(platform, timed) == "merchant_response_overdue", "Intake keeps the case where it was")
        }
    }
}
