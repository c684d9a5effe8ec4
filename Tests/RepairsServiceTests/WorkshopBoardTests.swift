import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// The workshop board and figures on a seeded set, against figures computed by hand (rules.md §2(e)):
/// turnaround from check-in to handover, first-time fixes (first QC round passed, no comeback of the same
/// fault on the same item), the repair cost per case, and the open orders overdue first.
@Suite(.serialized) struct WorkshopBoardTests {
    typealias Fixture = RepairsFixture
    static let boss = TestCaller.staff([.supervisor], subject: "boss-zhao")

    /// An order of `category` on `serial` (and `caseID`), checked in, quoted with `fault` and `lines`, accepted
    /// and given to `technician`; the id.
    static func started(
        _ client: ServiceTestClient,
        category: String,
        serial: String,
        caseID: UUID?,
        technician: String,
        fault: String,
        lines: [[String: Any]]
    ) async throws -> String {
        var overrides: [String: Any] = ["category": category, "device": ["productName": "设备", "serialNumber": serial]]
        if let caseID { overrides["caseId"] = caseID.wire }
        let order = try await Fixture.order(client, overrides)
        try await Fixture.checkIn(client, order)
        _ = try await client.call("AssignTechnician", ["repairOrderId": order, "technician": technician])
        // Packages are priced by the system method; labour by time by the item method (WS-04).
        let method = lines.contains { $0["kind"] as? String == "package" } ? "system" : "item"
        let quote: [String: Any] = ["repairOrderId": order, "method": method, "workMinutes": 60, "faultCode": fault, "lines": lines]
        Fixture.expectStatus(try await client.call("QuoteRepair", quote), "quoted")
        Fixture.expectStatus(try await client.call("AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "sig"]), "in_repair")
        return order
    }

    /// Finished, quality-checked (failing the first round when `failFirst`), settled and handed over.
    static func handedBack(_ client: ServiceTestClient, _ order: String, category: String, failFirst: Bool = false) async throws {
        let items = try #require(try await client.call("GetQcChecklist", ["category": category]).json["items"] as? [String])
        for failing in failFirst ? [true, false] : [false] {
            Fixture.expectStatus(try await client.call("FinishRepair", ["repairOrderId": order, "workDone": "已修复"]), "repaired")
            let results = items.enumerated().map { ["item": $1, "passed": !(failing && $0 == 0)] as [String: Any] }
            _ = try await client.call("RecordQualityCheck", ["repairOrderId": order, "results": results])
        }
        Fixture.expectStatus(try await client.call("SettleRepairOrder", ["repairOrderId": order]), "ready_for_pickup")
        let handover: [String: Any] = ["repairOrderId": order, "method": "collected", "customerConfirmationRef": "sig-out"]
        Fixture.expectStatus(try await client.call("HandOverRepairOrder", handover), "delivered")
    }

    @Test func theFiguresAndTheBoardOfASeededWorkshopAreTheHandComputedOnes() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.supervisor) { client in
                let first = try await Fixture.knownCase(client, category: "computer")
                let second = try await Fixture.knownCase(client, category: "phone")
                let clock = harness.clock
                // A: 王师傅, labour ¥100 + a part ¥600, back after 120 min — and the item comes back with the same fault (C).
                let a = try await Self.started(
                    client,
                    category: "computer",
                    serial: "S1",
                    caseID: first,
                    technician: "王师傅",
                    fault: "no_power",
                    lines: [Fixture.labour(60, perHour: 100), Fixture.part(600)]
                )
                try clock.advance(by: 120 * 60)
                try await Self.handedBack(client, a, category: "computer")
                // B: 王师傅, a ¥200 package on the same case, back after 240 min — its first QC round failed.
                let b = try await Self.started(
                    client,
                    category: "computer",
                    serial: "S2",
                    caseID: first,
                    technician: "王师傅",
                    fault: "screen_flicker",
                    lines: [Fixture.package(200)]
                )
                try clock.advance(by: 240 * 60)
                try await Self.handedBack(client, b, category: "computer", failFirst: true)
                // C: 李师傅, a walk-in — S1 again with no_power — back after 60 min.
                let c = try await Self.started(
                    client,
                    category: "computer",
                    serial: "S1",
                    caseID: nil,
                    technician: "李师傅",
                    fault: "no_power",
                    lines: [Fixture.package(80)]
                )
                try clock.advance(by: 60 * 60)
                try await Self.handedBack(client, c, category: "computer")
                // D: 李师傅, a phone, ¥100, back after 30 min.
                let d = try await Self.started(
                    client,
                    category: "phone",
                    serial: "S3",
                    caseID: second,
                    technician: "李师傅",
                    fault: "battery",
                    lines: [Fixture.package(100)]
                )
                try clock.advance(by: 30 * 60)
                try await Self.handedBack(client, d, category: "phone")
                // Open: E in repair and past its promise; F only registered.
                let e = try await Self.started(
                    client,
                    category: "computer",
                    serial: "S4",
                    caseID: nil,
                    technician: "王师傅",
                    fault: "keyboard",
                    lines: [Fixture.package(50)]
                )
                let f = try await Fixture.order(client, ["device": ["productName": "平板", "serialNumber": "S5"]])
                try clock.advance(by: 6 * 3600)

                let today = BusinessCalendar().localDate(of: clock.now()).description
                let figures = try await client.call("GetWorkshopFigures", ["from": today, "to": today])
                #expect(figures.status == .ok, "\(figures.json)")
                func rows(_ key: String) -> [String] {
                    (figures.json[key] as? [[String: Any]] ?? []).map { group in
                        ["key", "handedOver", "averageTurnaroundMinutes", "firstTimeFixes", "firstTimeFixRateBasisPoints"]
                            .map { "\(group[$0] ?? "-")" }.joined(separator: " ")
                    }
                }
                // computer: A 120 (came back), B 240 (QC failed first), C 60 (fixed) → 3, 140 min, 1, 33.33 %.
                #expect(rows("byCategory") == ["computer 3 140 1 3333", "phone 1 30 1 10000"])
                #expect(rows("byTechnician") == ["李师傅 2 45 2 10000", "王师傅 2 180 0 0"])
                let costs = (figures.json["repairCosts"] as? [[String: Any]] ?? []).map { cost in
                    ["labour", "parts", "other", "total", "payable"].map { "\(Fixture.amount(cost[$0]) ?? -1)" }.joined(separator: " ")
                        + " \(cost["orders"] ?? "-") \(cost["caseId"] ?? "-")"
                }
                #expect(
                    Set(costs) == ["10000 60000 20000 90000 90000 2 \(first.wire)", "0 0 10000 10000 10000 1 \(second.wire)"],
                    "\(figures.json)"
                )

                let board = try await client.call("GetWorkshopBoard", [:])
                let entries = (board.json["orders"] as? [[String: Any]] ?? []).map { "\($0["repairOrderId"] ?? "") \($0["overdue"] ?? "")" }
                #expect(entries == ["\(e) 1", "\(f) 0"], "overdue first: \(board.json)")
                let byTechnician = (board.json["byTechnician"] as? [[String: Any]] ?? []).map {
                    "\($0["key"] ?? "") \($0["orders"] ?? "") \($0["overdue"] ?? "")"
                }
                #expect(byTechnician == ["unassigned 1 0", "王师傅 1 1"])
                let mine = try await client.call("GetWorkshopBoard", ["technician": "王师傅"])
                #expect((mine.json["orders"] as? [[String: Any]])?.count == 1)

                // Merchants do not read the board; a year and a day is too long a period.
                let merchant = try await client.calling(as: TestCaller.merchant(UUID().wire))
                #expect(try await merchant.call("GetWorkshopBoard", [:]).json["code"] as? String == "permission_denied")
                let long = try await client.call("GetWorkshopFigures", ["from": "2026-01-01", "to": "2027-01-02"])
                #expect((long.json["details"] as? [[String: Any]])?.first?["field"] as? String == "to")
            }
        }
    }
}
