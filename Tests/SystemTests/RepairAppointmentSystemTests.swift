import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// A smart-home on-site visit through the running Intake, Dispatch and Repairs with the test clocks (rules.md
/// §2(e), §5 T-33, T-34, T-38; SH-07, SH-14): booked two days ahead, the reminder a day before the window;
/// nobody arrives — the arrival falls overdue at the window's end and the visit is rescheduled as missed;
/// the technician arrives, the agreed completion's notice falls due an hour before it, the visit completes —
/// each deadline a second before nothing, at its instant the event. A workshop bay booked is told to the
/// supervisor, due by the end of the day. The case's timeline shows the steps.
@Suite(.serialized) struct RepairAppointmentSystemTests {
    static let services = ["intake", "dispatch", "repairs"]
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!

    static func dues(_ platform: RunningPlatform) async throws -> [String] {
        try await platform.databases["repairs"]!.rows(
            """
            SELECT (envelope->'data'->>'kind') || ' ' || (envelope->'data'->>'dueAt') FROM outbox_events
            WHERE type = 'repairs.appointment_due' ORDER BY occurred_at, id
            """
        )
    }

    static func due(_ kind: String, _ instant: String) -> String { "\(kind) \(RFC3339.string(RFC3339.date(instant)!))" }

    /// Moves the clocks to one second before `instant`, checks nothing new fell due, then to `instant`.
    static func crossing(_ platform: RunningPlatform, _ instant: String, expect expected: String) async throws {
        let target = RFC3339.date(instant)!
        let now = try await platform.clock.now(of: "repairs")
        let before = try await Self.dues(platform)
        try await platform.clock.advance(by: Int(target.timeIntervalSince(now)) - 1)
        _ = try await platform.clock.drain()
        #expect(try await Self.dues(platform) == before, "a second before \(instant): nothing")
        try await platform.clock.advance(by: 1)
        _ = try await platform.clock.drain()
        #expect(try await Self.dues(platform) == before + [expected])
    }

    @Test func anOnSiteVisitIsRemindedMissedRescheduledAndCompletedOnTime() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(Self.start)
            let tenant = try await RepairTimeSystemTests.provision(platform, preset: "smart_home")
            _ = try await platform.clock.drain()
            let lock = try await RepairTimeSystemTests.register(
                platform,
                tenant,
                [
                    "productName": "智能门锁", "productModel": "L8", "productCategory": "smart_lock", "purchaseDate": "2026-11-20",
                    "reason": "指纹识别失灵", "requestedResolution": "repair",
                ],
                order: "SH-1120-5"
            )
            _ = try await platform.clock.drain()
            let desk = TestCaller.staff([.csAgent], of: tenant, subject: "cs-1")
            let technician = TestCaller.staff([.technician], of: tenant, subject: "tech-li")
            let body: [String: Any] = ["caseId": lock, "device": ["productName": "智能门锁"], "reportedFault": "指纹识别失灵", "category": "general"]
            let order = try #require(
                try await platform.ok("repairs", "CreateRepairOrder", body, as: desk)["repairOrderId"] as? String
            )

            // Booked for 09:00–11:00 on 3 December (Shanghai), the completion agreed for 14:00.
            let booking: [String: Any] = [
                "repairOrderId": order, "kind": "on_site", "windowStart": "2026-12-03T01:00:00Z", "windowEnd": "2026-12-03T03:00:00Z",
                "address": "深圳市南山区科技园 8 栋 1201", "technician": "李工", "agreedCompletion": "2026-12-03T06:00:00Z",
            ]
            let booked = try await platform.ok("repairs", "BookAppointment", booking, as: desk)
            #expect((booked["appointment"] as? [String: Any])?["technician"] as? String == "李工", "\(booked)")
            let again = try await platform.call("repairs", "BookAppointment", booking, as: desk)
            #expect(again.json["code"] as? String == "failed_precondition", "one open appointment: \(again.json)")

            // T-33: a day before the window.
            try await Self.crossing(platform, "2026-12-02T01:00:00Z", expect: Self.due("reminder", "2026-12-02T01:00:00Z"))
            // Nobody came: the arrival is overdue at the window's end.
            try await Self.crossing(platform, "2026-12-03T03:00:00Z", expect: Self.due("arrival_overdue", "2026-12-03T03:00:00Z"))
            let moved: [String: Any] = [
                "repairOrderId": order, "windowStart": "2026-12-04T01:00:00Z", "windowEnd": "2026-12-04T03:00:00Z",
                "reason": "客户不在家，电话约定次日上午", "missed": true, "agreedCompletion": "2026-12-04T06:00:00Z",
            ]
            let rescheduled = try await platform.ok("repairs", "RescheduleAppointment", moved, as: desk)
            let history = rescheduled["appointmentHistory"] as? [[String: Any]] ?? []
            #expect(history.map { "\($0["outcome"] ?? "") \($0["reason"] ?? "")" } == ["missed 客户不在家，电话约定次日上午"])
            // Booked 22 hours ahead: the reminder is half a day before (13:00 UTC on the 3rd); the old window's
            // completion notice (05:00 on the 3rd) was replaced and never fires.
            try await Self.crossing(platform, "2026-12-03T13:00:00Z", expect: Self.due("reminder", "2026-12-03T13:00:00Z"))

            // The technician arrives at 09:30; the work runs late: told an hour before the agreed 14:00 (T-38).
            let beforeArrival = try await platform.clock.now(of: "repairs")
            try await platform.clock.advance(by: Int(RFC3339.date("2026-12-04T01:30:00Z")!.timeIntervalSince(beforeArrival)))
            let arrived = try await platform.ok("repairs", "RecordVisitArrival", ["repairOrderId": order], as: technician)
            #expect((arrived["appointment"] as? [String: Any])?["arrivedAt"] as? String == "2026-12-04T01:30:00Z")
            try await Self.crossing(platform, "2026-12-04T05:00:00Z", expect: Self.due("completion_at_risk", "2026-12-04T05:00:00Z"))
            _ = try await platform.ok("repairs", "RecordVisitCompletion", ["repairOrderId": order], as: technician)
            try await platform.clock.advance(by: 86_400)
            _ = try await platform.clock.drain()
            let after = try await Self.dues(platform)
            #expect(after.count == 4, "nothing after the visit: \(after)")
            let done = try await platform.call("repairs", "RecordVisitCompletion", ["repairOrderId": order], as: technician)
            #expect(done.json["code"] as? String == "failed_precondition")

            // The case's timeline shows the visit to the customer.
            let steps = try await platform.databases["intake"]!.rows(
                """
                SELECT data->>'step' FROM case_timeline WHERE case_id = '\(lock)' AND type = 'repairs.order_changed'
                ORDER BY occurred_at, event_id
                """
            )
            #expect(steps == ["opened", "appointment_booked", "appointment_missed", "visit_arrived", "visit_completed"], "\(steps)")

            // T-34: a workshop bay reserved at 10:00 on the 5th is told to the supervisor by the end of that day.
            var walkIn = body
            walkIn["caseId"] = nil
            let second = try #require(
                try await platform.ok("repairs", "CreateRepairOrder", walkIn, as: desk)["repairOrderId"] as? String
            )
            let now = try await platform.clock.now(of: "repairs")
            let bay: [String: Any] = [
                "repairOrderId": second, "kind": "workshop_bay", "windowStart": RFC3339.string(now.addingTimeInterval(3 * 86_400)),
                "windowEnd": RFC3339.string(now.addingTimeInterval(3 * 86_400 + 3_600)), "bay": "2 号工位",
            ]
            _ = try await platform.ok("repairs", "BookAppointment", bay, as: desk)
            let endOfDay = BusinessCalendar().startOfDay(BusinessCalendar().localDate(of: now).adding(days: 1))
            #expect(try await Self.dues(platform).last == "bay_reserved \(RFC3339.string(endOfDay))")
        }
    }
}
