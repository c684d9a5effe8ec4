import DispatchService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// The complete registry: the profile replaced (with an optional expected version), suspension and
/// reinstatement — each change versioned and announced by its event in the same transaction.
@Suite struct MerchantRegistryChangeTests {
    typealias Harness = ServiceHarness<DispatchService>
    static let admin = TestCaller.staff([.tenantAdmin])

    static func profile(_ name: String) -> [String: Any] {
        [
            "name": name, "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华东"], "categories": ["显卡", " 显卡 ", "主板"],
            "brands": ["七彩虹"], "responseDeadlines": ["acknowledgeHours": 24, "returnItemHours": 168],
        ]
    }

    @Test func aProfileChangeAndASuspensionAreVersionedAndAnnounced() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let created = try await client.call("CreateMerchant", Self.profile("华强电子"))
                #expect(created.json["version"] as? Int == 1 && created.json["categories"] as? [String] == ["显卡", "主板"])
                #expect((created.json["responseDeadlines"] as? [String: Any])?["acknowledgeHours"] as? Int == 24)
                let id = try #require(created.json["merchantId"] as? String)

                var update = Self.profile("华强电子（深圳）")
                update["merchantId"] = id
                update["expectedVersion"] = 1
                update["regions"] = ["华南", "深圳"]
                update["responseDeadlines"] = ["inspectHours": 72]
                try harness.clock.advance(by: 60)
                let updated = try await client.call("UpdateMerchant", update)
                #expect(updated.status == .ok, "\(updated.json)")
                #expect(updated.json["version"] as? Int == 2 && updated.json["regions"] as? [String] == ["华南", "深圳"])
                #expect(updated.json["updatedAt"] as? String == "2026-03-10T02:01:00Z")
                #expect((updated.json["responseDeadlines"] as? [String: Any])?["acknowledgeHours"] == nil, "the profile is replaced whole")
                // A change based on a version read before it is refused: read again.
                let stale = try await client.call("UpdateMerchant", update)
                #expect(stale.status == .conflict && stale.code == "aborted")

                let suspended = try await client.call("SuspendMerchant", ["merchantId": id, "reason": "多次超时未响应"])
                #expect(suspended.json["status"] as? String == "suspended" && suspended.json["suspensionReason"] as? String == "多次超时未响应")
                #expect(try await client.call("SuspendMerchant", ["merchantId": id, "reason": "again"]).code == "failed_precondition")
                let reinstated = try await client.call("ReinstateMerchant", ["merchantId": id])
                #expect(reinstated.json["status"] as? String == "active" && reinstated.json["version"] as? Int == 4)
                #expect(reinstated.json["suspensionReason"] == nil)
                #expect(try await client.call("ReinstateMerchant", ["merchantId": id]).code == "failed_precondition")

                let events = try await harness.database.rows(
                    "SELECT type || ' v' || (envelope->'data'->>'merchantVersion') || ' ' || (envelope->'data'->>'status') FROM outbox_events ORDER BY position"
                )
                #expect(
                    events == [
                        "merchant.registered v1 active", "merchant.updated v2 active", "merchant.suspended v3 suspended",
                        "merchant.reinstated v4 active",
                    ]
                )
            }
        }
    }

    @Test func aRenameToAnotherMerchantsNameAndBadDeadlinesAreRefusedWithNothingWritten() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                _ = try await client.call("CreateMerchant", Self.profile("甲"))
                let second = try await client.call("CreateMerchant", Self.profile("乙"))
                let id = try #require(second.json["merchantId"] as? String)
                var rename = Self.profile("甲")
                rename["merchantId"] = id
                #expect(try await client.call("UpdateMerchant", rename).code == "already_exists")

                var bad = Self.profile("乙")
                bad["merchantId"] = id
                bad["responseDeadlines"] = ["acknowledgeHours": 0, "proposeHours": 2161]
                bad["brands"] = (0...100).map { "b\($0)" }
                let refused = try await client.call("UpdateMerchant", bad)
                #expect(refused.violatedFields == ["brands", "responseDeadlines.acknowledgeHours", "responseDeadlines.proposeHours"])
                let read = try await client.call("GetMerchant", ["merchantId": id])
                #expect(read.json["version"] as? Int == 1 && read.json["name"] as? String == "乙")
                #expect(try await client.call("SuspendMerchant", ["merchantId": id, "reason": "  "]).violatedFields == ["reason"])
                let unknown = try await client.call("SuspendMerchant", ["merchantId": UUID().uuidString.lowercased(), "reason": "x"])
                #expect(unknown.code == "not_found")
                let clerk = try await client.calling(as: .clerk(TestTenants.a))
                #expect(try await clerk.call("SuspendMerchant", ["merchantId": id, "reason": "x"]).code == "permission_denied")
                let events = try await harness.database.rows("SELECT type FROM outbox_events ORDER BY position")
                #expect(events == ["merchant.registered", "merchant.registered"])
            }
        }
    }
}
