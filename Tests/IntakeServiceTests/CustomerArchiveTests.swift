import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// The customer archive over real PostgreSQL: found by phone however typed, by order and by serial; its
/// devices, cases, repairs and returns; duplicates merged by hand with every merge kept.
@Suite struct CustomerArchiveTests {
    typealias Harness = ServiceHarness<IntakeService>

    static func customers(_ answer: TestResponse) -> [[String: Any]] { answer.json["customers"] as? [[String: Any]] ?? [] }

    static func caseIDs(_ customer: [String: Any]?) -> [String] {
        (customer?["cases"] as? [[String: Any]] ?? []).compactMap { $0["caseId"] as? String }
    }

    @Test func aCustomerIsFoundByPhoneOrderOrSerialWithDevicesCasesRepairsAndReturns() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .csAgent])) { client in
                let c = try await DashboardCases.seed(harness, client)
                // 张伟 comes back with the same mouse and a new headset, from another address.
                let again = try await client.call(
                    "CreateCase",
                    IntakeRequests.createBody([
                        "customer": ["name": "张伟", "phone": "+86 138 0013 8000", "address": "北京市海淀区中关村大街 1 号"],
                        "orderNumber": "JD-5005", "serialNumber": "SN-A1", "productName": "罗技无线鼠标 M330", "productCategory": "peripherals",
                        "productBrand": "罗技", "requestedResolution": "repair",
                    ])
                )
                let second = try #require(again.json["caseId"] as? String)
                let repairOrder = UUID.v7()
                let returnRequest = UUID.v7()
                let steps = [
                    try CaseTimelineTests.envelope(
                        RepairOrderChanged(
                            repairOrderID: repairOrder,
                            caseID: c.mouse,
                            stage: .opened,
                            status: .checkedIn,
                            step: "checked_in",
                            dueAt: nil
                        ),
                        case: c.mouse,
                        at: 100
                    ),
                    try CaseTimelineTests.envelope(
                        RepairOrderChanged(
                            repairOrderID: repairOrder,
                            caseID: c.mouse,
                            stage: .repaired,
                            status: .readyForPickup,
                            step: "finished",
                            dueAt: nil
                        ),
                        case: c.mouse,
                        at: 200
                    ),
                    try CaseTimelineTests.envelope(
                        ReturnRequestChanged(
                            returnRequestID: returnRequest,
                            caseID: c.mouse,
                            merchantID: DashboardCases.m1,
                            type: .refundOnly,
                            status: .requested,
                            step: "submitted",
                            dueAt: nil
                        ),
                        case: c.mouse,
                        at: 300
                    ),
                ]
                #expect(try await CaseTimelineTests.deliver(client, steps).json["applied"] as? Int == 3)

                let byPhone = try await client.call("GetCustomerArchive", ["customerPhone": "138-0013-8000"])
                #expect(byPhone.status == .ok, "\(byPhone.json)")
                let customer = Self.customers(byPhone).first
                #expect(Self.customers(byPhone).count == 1)
                #expect(customer?["customerPhone"] as? String == "+8613800138000")
                #expect(Self.caseIDs(customer) == [second, c.mouse.wire], "newest first")
                #expect(customer?["names"] as? [String] == ["张伟"])
                #expect(customer?["addresses"] as? [String] == ["北京市海淀区中关村大街 1 号"])
                let devices = customer?["devices"] as? [[String: Any]] ?? []
                #expect(devices.count == 1 && devices.first?["serialNumber"] as? String == "SN-A1" && devices.first?["cases"] as? Int == 2)
                let mouse = (customer?["cases"] as? [[String: Any]])?.last
                let repairs = mouse?["repairs"] as? [[String: Any]] ?? []
                #expect(repairs.count == 1 && repairs.first?["repairOrderId"] as? String == repairOrder.wire)
                #expect(repairs.first?["status"] as? String == "ready_for_pickup", "as it last stood")
                let returns = mouse?["returns"] as? [[String: Any]] ?? []
                #expect(returns.count == 1 && returns.first?["returnRequestId"] as? String == returnRequest.wire)

                let byOrder = try await client.call("GetCustomerArchive", ["orderNumber": "JD-1001"])
                #expect(Self.customers(byOrder).first?["customerPhone"] as? String == "+8613800138000")
                let bySerial = try await client.call("GetCustomerArchive", ["serialNumber": "SN-A1"])
                #expect(Self.customers(bySerial).count == 1 && Self.caseIDs(Self.customers(bySerial).first).count == 2)
                let nobody = try await client.call("GetCustomerArchive", ["serialNumber": "SN-NONE"])
                #expect(nobody.status == .ok && Self.customers(nobody).isEmpty)
                let both = try await client.call("GetCustomerArchive", ["serialNumber": "SN-A1", "orderNumber": "JD-1001"])
                #expect(both.code == "invalid_argument")
                let otherTenant = try await client.calling(as: .staff([.csAgent], of: TestTenants.b))
                let elsewhere = try await otherTenant.call("GetCustomerArchive", ["customerPhone": "13800138000"])
                #expect(elsewhere.status == .ok && Self.customers(elsewhere).isEmpty)
                let dashboards = try await client.calling(as: .staff([.dashboardReader]))
                #expect(try await dashboards.call("GetCustomerArchive", ["customerPhone": "13800138000"]).code == "permission_denied")
            }
        }
    }

    @Test func duplicatesAreMergedByHandWithTheHistoryKept() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .csAgent], subject: "cs-li")) { client in
                let c = try await DashboardCases.seed(harness, client)
                // 张伟 (mouse) and 张伟明 (keyboard) turn out to be one customer; later 王芳's number too.
                let merged = try await client.call(
                    "MergeCustomers",
                    ["customerPhone": "13800138000", "duplicatePhone": "137 0000 1111", "reason": "同一客户的两个号码"]
                )
                #expect(merged.status == .ok, "\(merged.json)")
                #expect(merged.json["customerPhone"] as? String == "+8613800138000" && merged.json["otherPhones"] as? [String] == ["+8613700001111"])
                let archive = try await client.call("GetCustomerArchive", ["customerPhone": "13700001111"])
                let customer = Self.customers(archive).first
                #expect(customer?["customerPhone"] as? String == "+8613800138000", "the duplicate's phone leads to the customer kept")
                #expect(Self.caseIDs(customer) == [c.keyboard.wire, c.mouse.wire])
                #expect(customer?["names"] as? [String] == ["张伟明", "张伟"], "both names kept")
                let merge = (customer?["merges"] as? [[String: Any]])?.first
                #expect(merge?["mergedBy"] as? String == "cs-li" && merge?["reason"] as? String == "同一客户的两个号码")
                #expect(merge?["phone"] as? String == "+8613700001111")
                // The cases themselves are unchanged: each keeps the phone it was registered with.
                #expect((customer?["cases"] as? [[String: Any]])?.first?["customerPhone"] as? String == "+8613700001111")

                // The kept customer is merged into another: every phone follows, every merge is kept.
                try harness.clock.advance(by: 60)
                let chained = try await client.call(
                    "MergeCustomers",
                    ["customerPhone": "13912345678", "duplicatePhone": "13700001111", "reason": "客户确认"]
                )
                #expect(chained.json["customerPhone"] as? String == "+8613912345678")
                #expect(Set(chained.json["otherPhones"] as? [String] ?? []) == ["+8613800138000", "+8613700001111"])
                let all = Self.customers(try await client.call("GetCustomerArchive", ["orderNumber": "JD-1001"])).first
                #expect(Self.caseIDs(all) == [c.keyboard.wire, c.laptop.wire, c.mouse.wire])
                let merges = all?["merges"] as? [[String: Any]] ?? []
                #expect(
                    merges.map { "\($0["phone"] ?? "")→\($0["mergedInto"] ?? "")" } == [
                        "+8613700001111→+8613800138000", "+8613800138000→+8613912345678",
                    ]
                )
                #expect(merges.first?["mergedBy"] as? String == "cs-li" && merges.first?["reason"] as? String == "同一客户的两个号码", "as it was made")
                #expect(merges.last?["reason"] as? String == "客户确认")

                let again = try await client.call(
                    "MergeCustomers",
                    ["customerPhone": "13800138000", "duplicatePhone": "13912345678", "reason": "重复"]
                )
                #expect(again.code == "failed_precondition" && again.violatedFields == ["duplicatePhone"])
                let unknown = try await client.call(
                    "MergeCustomers",
                    ["customerPhone": "13800138000", "duplicatePhone": "13333333333", "reason": "?"]
                )
                #expect(unknown.code == "not_found")
                let clerk = try await client.calling(as: .staff([.intakeClerk]))
                #expect(
                    try await clerk.call("MergeCustomers", ["customerPhone": "15000005678", "duplicatePhone": "13800138000", "reason": "x"]).code
                        == "permission_denied"
                )
            }
        }
    }
}
