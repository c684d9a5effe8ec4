import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// A computer repair from reception to handover through the API on real PostgreSQL (rules.md §2(e) 2e-W,
/// WS-07/09/12/13/14, SH-12): every step's record, its event, and what Parts is asked to do.
@Suite struct RepairOrderFlowTests {
    typealias Fixture = RepairsFixture
    static let partID = "0190e3a0-0000-7000-8000-00000000b001"
    static let locationID = "0190e3a0-0000-7000-8000-00000000c001"

    @Test func aComputerRepairGoesFromCheckInToHandover() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let order = try await Fixture.order(client)
                try await Fixture.checkIn(client, order)
                Fixture.expectStatus(
                    try await client.call("AssignTechnician", ["repairOrderId": order, "technician": "王师傅"]),
                    "checked_in"
                )

                // The item method: 90 minutes at ¥120/h is ¥180.00; the chip ¥350.00; the promise 120 min + 60 min margin.
                let quoted = try await client.call(
                    "QuoteRepair",
                    [
                        "repairOrderId": order, "method": "item", "workMinutes": 120,
                        "lines": [Fixture.labour(90, perHour: 120), Fixture.part(350, ["partId": Self.partID, "locationId": Self.locationID])],
                    ]
                )
                Fixture.expectStatus(quoted, "quoted")
                let quote = try #require(quoted.json["quote"] as? [String: Any])
                #expect(Fixture.amount(quote["subtotal"]) == 53_000 && Fixture.amount(quote["total"]) == 53_000)
                #expect(Fixture.amount(quote["riskPremium"]) == 0 && quote["qualityCaveat"] as? Bool == true)
                #expect(((quote["lines"] as? [[String: Any]])?.map { Fixture.amount($0["charged"]) }) == [18_000, 35_000])
                #expect(quoted.json["promisedBy"] as? String == "2026-03-10T05:00:00Z")
                #expect(quoted.json["technician"] as? String == "王师傅")

                let accepted = try await client.call("AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "sig-002"])
                Fixture.expectStatus(accepted, "in_repair")
                let requested = try await Fixture.events(harness.database, RepairPartsRequested.type)
                #expect(requested.count == 1)
                let line = (requested.first?["lines"] as? [[String: Any]])?.first
                #expect(
                    line?["partId"] as? String == Self.partID && line?["locationId"] as? String == Self.locationID && line?["quantity"] as? Int == 1
                )
                #expect(requested.first?["holdHours"] as? Int == 720 && requested.first?["deviceModel"] as? String == "X1 Carbon Gen 12")

                // Extra work found: the customer is phoned; nothing goes on until the answer (WS-09).
                let extra = try await client.call(
                    "ReportExtraWork",
                    [
                        "repairOrderId": order, "description": "键盘排线老化，建议更换", "lines": [Fixture.labour(30, perHour: 120, "键盘排线更换工时")],
                        "delayMinutes": 60, "customerToldVia": "phone",
                    ]
                )
                Fixture.expectStatus(extra, "awaiting_addon_approval")
                #expect(Fixture.amount((extra.json["extraWork"] as? [[String: Any]])?.first?["addedTotal"]) == 6_000)
                Fixture.expectRefused(try await client.call("FinishRepair", ["repairOrderId": order, "workDone": "更换芯片"]), "extra work")
                let answer: [String: Any] = ["repairOrderId": order, "approved": true, "workshopTold": "车间主管 刘"]
                #expect(try await client.call("AnswerExtraWork", answer).violatedFields == ["customerConsentRef"], "no extra work without consent")
                let approved = try await client.call("AnswerExtraWork", answer.merging(["customerConsentRef": "电话录音 0310-1"]) { $1 })
                Fixture.expectStatus(approved, "in_repair")
                let batch = (approved.json["extraWork"] as? [[String: Any]])?.first
                #expect(batch?["approved"] as? Bool == true && batch?["workshopTold"] as? String == "车间主管 刘")
                #expect(batch?["answeredAt"] as? String == "2026-03-10T02:00:00Z" && batch?["customerToldVia"] as? String == "phone")
                #expect(approved.json["promisedBy"] as? String == "2026-03-10T06:00:00Z", "the extra hour moves the promise")

                // QC against the computer retest list: one point fails, back to the bench; then all pass.
                let checklist = try await client.call("GetQcChecklist", ["category": "computer"])
                let items = try #require(checklist.json["items"] as? [String])
                #expect(checklist.json["seeded"] as? Bool == true && items.count == QcChecklists.computer.count)
                Fixture.expectStatus(try await client.call("FinishRepair", ["repairOrderId": order, "workDone": "更换电源管理芯片与键盘排线"]), "repaired")
                var failing: [[String: Any]] = items.map { ["item": $0, "passed": $0 != "键盘全部按键正常"] }
                failing[3]["note"] = "F5 键回弹慢"
                let failed = try await client.call("RecordQualityCheck", ["repairOrderId": order, "results": failing])
                Fixture.expectStatus(failed, "in_repair")
                let round = (failed.json["qualityChecks"] as? [[String: Any]])?.first
                #expect(round?["failedItems"] as? [String] == ["键盘全部按键正常"])
                #expect((round?["notes"] as? [[String: Any]])?.first?["note"] as? String == "F5 键回弹慢", "\(round ?? [:])")
                Fixture.expectRefused(
                    try await client.call("RecordQualityCheck", ["repairOrderId": order, "results": failing]),
                    "the order is in_repair"
                )
                Fixture.expectStatus(try await client.call("FinishRepair", ["repairOrderId": order, "workDone": "重新压接键盘排线"]), "repaired")
                let passing = items.map { ["item": $0, "passed": true] }
                Fixture.expectStatus(try await client.call("RecordQualityCheck", ["repairOrderId": order, "results": passing]), "completed")
                let settled = try await Fixture.events(harness.database, RepairPartsSettled.type)
                #expect(
                    settled.count == 1 && settled.first?["outcome"] as? String == "fitted" && settled.first?["serialNumber"] as? String == "PF3ABCD1"
                )

                // The discount is the supervisor's (WS-13); the statement adds the extra work; the warranty runs 90 days.
                let discount: [String: Any] = ["repairOrderId": order, "discount": Fixture.money(30), "discountReason": "老客户优惠"]
                #expect(try await client.call("SettleRepairOrder", discount).json["code"] as? String == "permission_denied")
                let boss = try await client.calling(as: Fixture.supervisor)
                let statement = try await boss.call("SettleRepairOrder", discount)
                Fixture.expectStatus(statement, "ready_for_pickup")
                let settlement = try #require(statement.json["settlement"] as? [String: Any])
                #expect(Fixture.amount(settlement["quoted"]) == 53_000 && Fixture.amount(settlement["extraWork"]) == 6_000)
                #expect(Fixture.amount(settlement["discount"]) == 3_000 && Fixture.amount(settlement["payable"]) == 56_000)
                #expect(settlement["warrantyEnds"] as? String == "2026-06-08" && settlement["discountApprovedBy"] as? String == "boss-zhao")

                let shipped: [String: Any] = ["repairOrderId": order, "method": "shipped", "customerConfirmationRef": "sig-003"]
                #expect(try await client.call("HandOverRepairOrder", shipped).violatedFields == ["trackingNumber"])
                let handed = try await client.call("HandOverRepairOrder", shipped.merging(["trackingNumber": "SF1234567890"]) { $1 })
                Fixture.expectStatus(handed, "delivered")
                #expect((handed.json["handover"] as? [String: Any])?["trackingNumber"] as? String == "SF1234567890")
                Fixture.expectRefused(try await client.call("CancelRepairOrder", ["repairOrderId": order, "reason": "客户取消"]), "delivered")

                if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
                    let record = try #require(try await harness.database.rows("SELECT record::text FROM repair_orders WHERE id = '\(order)'").first)
                    try RepairOrderDocumentTests.pretty(Data(record.utf8)).write(
                        to: RepairOrderDocumentTests.golden,
                        atomically: true,
                        encoding: .utf8
                    )
                }
                let steps = try await Fixture.events(harness.database, RepairOrderChanged.type).map { $0["step"] as? String ?? "" }
                #expect(
                    steps == [
                        "opened", "checked_in", "technician_assigned", "quoted", "quote_accepted", "extra_work_reported", "extra_work_approved",
                        "repair_finished", "quality_check_failed", "repair_finished", "quality_check_passed", "settled", "handed_over",
                    ]
                )
                let last = try await Fixture.events(harness.database, RepairOrderChanged.type).last
                #expect(last?["stage"] as? String == "returned_to_customer" && last?["caseId"] == nil, "a walk-in repair has no case")

                // The same device again within the repair's warranty (SH-12): lines not said otherwise are free.
                let again = try await Fixture.order(client)
                try await Fixture.checkIn(client, again)
                let free = try await client.call(
                    "QuoteRepair",
                    ["repairOrderId": again, "method": "system", "workMinutes": 60, "lines": [Fixture.package(200, "主板检修")]]
                )
                #expect(Fixture.amount((free.json["quote"] as? [String: Any])?["total"]) == 0, "\(free.json)")
                #expect(Fixture.amount((free.json["quote"] as? [String: Any])?["coveredByWarranty"]) == 20_000)
            }
        }
    }

    /// The version moves with every step, and a read shows exactly what the step answered.
    @Test func aReadShowsWhatTheLastStepAnswered() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.frontDesk) { client in
                let order = try await Fixture.order(client)
                try await Fixture.checkIn(client, order)
                let held = try await client.call("HoldRepair", ["repairOrderId": order, "reason": "客户要求暂停"])
                Fixture.expectRefused(held, "checked_in")
                let read = try await client.call("GetRepairOrder", ["repairOrderId": order])
                #expect(read.json["version"] as? Int == 2)
                let listed = try await client.call("ListRepairOrders", ["status": "checked_in"])
                #expect((listed.json["repairOrders"] as? [[String: Any]])?.map { $0["repairOrderId"] as? String } == [order])
                #expect(
                    NSDictionary(dictionary: (listed.json["repairOrders"] as? [[String: Any]])?.first ?? [:]) == NSDictionary(dictionary: read.json)
                )
                #expect((try await client.call("ListRepairOrders", ["status": "quoted"]).json["repairOrders"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
