import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Repairs' deadlines through the running executable with the test clock (rules.md §5 T-24, T-25; WS-10,
/// WS-11): a second before each boundary nothing, at the instant the event — the progress check at 70 % of
/// the job, the pickup notice an hour before the promise, moved with the promise (twice), and a delay notice
/// for each move at the lead time before the promise the customer had.
@Suite(.serialized) struct RepairDeadlineSystemTests {
    static let technician = TestCaller.staff([.technician], subject: "tech-1")
    static let frontDesk = TestCaller.staff([.csAgent], subject: "cs-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!

    static func ok(_ platform: RunningPlatform, _ operation: String, _ body: [String: Any], as caller: TestCaller) async throws -> [String: Any] {
        let answer = try await platform.call("repairs", operation, body, as: caller)
        #expect(answer.status == .ok, "\(operation): \(answer.status.code) \(answer.json)")
        return answer.json
    }

    static func due(_ platform: RunningPlatform) async throws -> [String] {
        try await platform.databases["repairs"]!.rows(
            "SELECT (envelope->'data'->>'kind') || ' ' || (envelope->'data'->>'dueAt') FROM outbox_events WHERE type = 'repairs.deadline_due' ORDER BY occurred_at, id"
        )
    }

    static func at(_ seconds: Int) -> String { RFC3339.string(start.addingTimeInterval(TimeInterval(seconds))) }

    @Test func eachDeadlineFallsDueAtItsInstantAndMovesWithThePromise() async throws {
        try await RunningPlatform.with(["repairs"]) { platform in
            try await platform.clock.set(Self.start)
            let body: [String: Any] = ["device": ["productName": "ThinkPad X1"], "reportedFault": "不开机", "category": "computer"]
            let order = try #require(try await Self.ok(platform, "CreateRepairOrder", body, as: Self.technician)["repairOrderId"] as? String)
            let checkIn: [String: Any] = ["repairOrderId": order, "exteriorCondition": "完好", "customerSignatureRef": "s", "matchesEvidence": true]
            _ = try await Self.ok(platform, "CheckInRepairOrder", checkIn, as: Self.technician)
            // 500 min of work and a 100 min margin: promised 10 h after acceptance.
            let quote: [String: Any] = [
                "repairOrderId": order, "method": "system", "workMinutes": 500,
                "lines": [["description": "主板维修", "kind": "package", "price": ["currency": "CNY", "amountMinor": 30_000]]],
            ]
            _ = try await Self.ok(platform, "QuoteRepair", quote, as: Self.technician)
            let accepted = try await Self.ok(platform, "AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "s"], as: Self.frontDesk)
            #expect(accepted["promisedBy"] as? String == "2026-12-01T12:00:00Z")

            // The progress check at 70 %: 7 h in.
            try await platform.clock.advance(by: 7 * 3600 - 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).isEmpty, "a second before: nothing")
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform) == ["progress_check \(Self.at(7 * 3600))"])
            let check = try await platform.databases["repairs"]!.rows(
                "SELECT envelope->'data'->>'checkBy' FROM outbox_events WHERE type = 'repairs.deadline_due'"
            )
            #expect(check == [Self.at(8 * 3600)], "done by 80 %")

            // Extra work twice, 2 h then 1 h: the promise moves to 12:00 + 3 h; each move has its delay notice an
            // hour before the promise the customer had (12:00 → 11:00, 14:00 → 13:00); the pickup notice moves to 14:00.
            for (index, delay) in [120, 60].enumerated() {
                let extra: [String: Any] = [
                    "repairOrderId": order, "description": "追加 \(index)", "delayMinutes": delay, "customerToldVia": "phone",
                    "lines": [["description": "追加项目", "kind": "package", "price": ["currency": "CNY", "amountMinor": 1_000]]],
                ]
                _ = try await Self.ok(platform, "ReportExtraWork", extra, as: Self.technician)
                let answer: [String: Any] = ["repairOrderId": order, "approved": true, "workshopTold": "王师傅", "customerConsentRef": "call-\(index)"]
                _ = try await Self.ok(platform, "AnswerExtraWork", answer, as: Self.frontDesk)
            }
            let moved = try await Self.ok(platform, "GetRepairOrder", ["repairOrderId": order], as: Self.frontDesk)
            #expect(moved["promisedBy"] as? String == "2026-12-01T15:00:00Z")
            try await platform.clock.advance(by: 2 * 3600 - 1)  // 08:59:59 local … 10:59:59 UTC
            _ = try await platform.clock.drain()
            let beforeFirst = try await Self.due(platform)
            #expect(beforeFirst.count == 1, "nothing before 11:00: \(beforeFirst)")
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).last == "delay_notice \(Self.at(9 * 3600))")
            try await platform.clock.advance(by: 2 * 3600 - 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).count == 2, "the second delay notice is at 13:00")
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).last == "delay_notice \(Self.at(11 * 3600))")
            // The pickup notice, an hour before the moved promise (14:00), not before it, and not at the old one.
            try await platform.clock.advance(by: 3600 - 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).count == 3)
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).last == "pickup_notice \(Self.at(12 * 3600))")
            #expect(try await Self.due(platform).filter { $0.hasPrefix("pickup_notice") }.count == 1, "the moved ones never fired")

            // Handed over early: nothing more falls due.
            _ = try await Self.ok(platform, "CancelRepairOrder", ["repairOrderId": order, "reason": "客户取回"], as: Self.frontDesk)
            try await platform.clock.advance(by: 86_400)
            _ = try await platform.clock.drain()
            #expect(try await Self.due(platform).count == 4)
        }
    }
}
