import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// Repair orders through the whole stack: contract, guard, handler, SQL on a real database.
@Suite struct RepairOrderTests {
    typealias Harness = ServiceHarness<RepairsService>
    static let technician = TestCaller.staff([.technician])
    static let caseID = "0190e3a0-0000-7000-8000-0000000000f1"
    static var knownCase: UUID { UUID(uuidString: caseID)! }

    static func body(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "caseId": caseID,
            "device": ["productName": "华为 MateBook 14", "model": "KLVF-16", "serialNumber": "SN2026A0042"],
            "reportedFault": "开机无显示，电源灯闪烁", "accompanyingItems": ["电源适配器", "电脑包"],
        ]
        for (key, value) in overrides { body[key] = value }
        return body
    }

    @Test func aRegisteredDeviceIsReadBack() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.technician) { client in
                _ = try await RepairsFixture.knownCase(client, Self.knownCase)
                try harness.clock.advance(by: 3600)
                let created = try await client.call("CreateRepairOrder", Self.body())
                #expect(created.status == .ok)
                let order = created.json
                let id = try #require(order["repairOrderId"] as? String)
                #expect(order["caseId"] as? String == Self.caseID)
                #expect(order["status"] as? String == "registered")
                #expect(order["accompanyingItems"] as? [String] == ["电源适配器", "电脑包"])
                #expect((order["device"] as? [String: Any])?["serialNumber"] as? String == "SN2026A0042")
                #expect(order["createdAt"] as? String == "2026-03-10T03:00:00Z")
                #expect(order["category"] as? String == "general" && order["version"] as? Int == 1)
                let read = try await client.call("GetRepairOrder", ["repairOrderId": id])
                #expect(NSDictionary(dictionary: read.json) == NSDictionary(dictionary: order))
            }
        }
    }

    @Test func aWalkInRepairHasNoCase() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk])) { client in
                var body = Self.body()
                body["caseId"] = nil
                body["accompanyingItems"] = nil
                body["device"] = ["productName": "小米手环 8"]
                let created = try await client.call("CreateRepairOrder", body)
                #expect(created.status == .ok)
                #expect(created.json["caseId"] == nil)
                #expect(created.json["accompanyingItems"] as? [String] == [])
                #expect((created.json["device"] as? [String: Any])?["model"] == nil)
            }
        }
    }

    @Test func badFieldsAreNamedTogether() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.technician) { client in
                let refused = try await client.call(
                    "CreateRepairOrder",
                    Self.body([
                        "caseId": "case-1", "device": ["productName": " "], "reportedFault": "",
                        "accompanyingItems": (0..<31).map { "item \($0)" },
                    ])
                )
                #expect(refused.status == .badRequest)
                #expect(refused.violatedFields == ["caseId", "device.productName", "reportedFault", "accompanyingItems"])
                #expect(try await client.call("GetRepairOrder", ["repairOrderId": "x"]).violatedFields == ["repairOrderId"])
            }
        }
    }

    @Test func anotherTenantsOrderIsNotFoundAndAnotherMerchantsNeither() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.technician) { client in
                _ = try await RepairsFixture.knownCase(client, Self.knownCase)
                let id = try #require(try await client.call("CreateRepairOrder", Self.body()).json["repairOrderId"] as? String)
                let other = try await client.calling(as: .staff([.technician], of: TestTenants.b))
                #expect(try await other.call("GetRepairOrder", ["repairOrderId": id]).status == .notFound)
                // A merchant reads only the orders addressed to it: this one is the workshop's.
                let merchant = try await client.calling(as: .merchant("0190e3a0-0000-7000-8000-0000000000c1"))
                #expect(try await merchant.call("GetRepairOrder", ["repairOrderId": id]).status == .notFound)
                let reader = try await client.calling(as: .staff([.dashboardReader]))
                #expect(try await reader.call("CreateRepairOrder", Self.body()).status == .forbidden)
            }
        }
    }
}
