import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// QC checklists per device category (WS-14): the computer shop's retest list until the tenant sets its own,
/// the general check for any other category; only a supervisor or admin sets one; a round must answer every
/// item of the list in force, and nothing else.
@Suite struct QcChecklistTests {
    typealias Fixture = RepairsFixture

    @Test func aTenantsOwnListReplacesTheBuiltInOneForItsOrders() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.supervisor) { client in
                let general = try await client.call("GetQcChecklist", ["category": "washing_machine"])
                #expect(general.json["items"] as? [String] == QcChecklists.generalList && general.json["seeded"] as? Bool == true)
                #expect(try await client.call("GetQcChecklist", ["category": "Computer"]).violatedFields == ["category"])
                #expect(try await client.call("SetQcChecklist", ["category": "computer", "items": ["开机", "开机"]]).violatedFields == ["items"])
                let technician = try await client.calling(as: Fixture.technician)
                #expect(try await technician.call("SetQcChecklist", ["category": "computer", "items": ["开机"]]).status == .forbidden)

                let own = ["开机自检", "屏幕", "键盘"]
                let set = try await client.call("SetQcChecklist", ["category": "computer", "items": own])
                #expect(set.json["items"] as? [String] == own && set.json["seeded"] as? Bool == false)
                #expect(try await technician.call("GetQcChecklist", ["category": "computer"]).json["items"] as? [String] == own)
                let other = try await client.calling(as: .staff([.supervisor], of: TestTenants.b))
                #expect(try await other.call("GetQcChecklist", ["category": "computer"]).json["seeded"] as? Bool == true, "another tenant's list")

                let order = try await Fixture.order(technician)
                try await Fixture.checkIn(technician, order)
                let quote: [String: Any] = ["repairOrderId": order, "method": "system", "workMinutes": 30, "lines": [Fixture.package(80)]]
                Fixture.expectStatus(try await technician.call("QuoteRepair", quote), "quoted")
                Fixture.expectStatus(try await technician.call("AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "s"]), "in_repair")
                Fixture.expectStatus(try await technician.call("FinishRepair", ["repairOrderId": order, "workDone": "清灰换硅脂"]), "repaired")
                let partial = try await technician.call(
                    "RecordQualityCheck",
                    ["repairOrderId": order, "results": [["item": "开机自检", "passed": true], ["item": "音响", "passed": true]]]
                )
                #expect(partial.violatedFields == ["results[1].item", "results"], "\(partial.json)")
                let passed = try await technician.call(
                    "RecordQualityCheck",
                    ["repairOrderId": order, "results": own.map { ["item": $0, "passed": true] }]
                )
                Fixture.expectStatus(passed, "completed")
                #expect((passed.json["qualityChecks"] as? [[String: Any]])?.first?["checklist"] as? [String] == own)
            }
        }
    }
}
