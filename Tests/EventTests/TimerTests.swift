import DispatchService
import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// Durable timers through the merchant's 48 h response deadline (rules.md §5 T-01/T-02), driven only by
/// the test clock: the exact boundary, cancellation in the acknowledging transaction, due order after
/// downtime.
@Suite(.serialized) struct TimerTests {
    @Test func theDeadlineFiresAtItsBoundaryNotASecondBefore() async throws {
        try await EventFixture.with { fixture in
            let intake = try await fixture.startIntake()
            let dispatch = try await fixture.startDispatch()
            defer {
                Task {
                    await intake.stop()
                    await dispatch.stop()
                }
            }
            let caseID = try await fixture.registerCase()
            try await fixture.platform.drain()
            let respondBy = try await EventFixture.rows(fixture.dispatchDatabase, "SELECT respond_by::text FROM dispatch_cases").first?.first
            // Registered 2026-03-10 10:00 Beijing: the merchant has until 2026-03-12 10:00:00.
            #expect(respondBy == "2026-03-12 02:00:00+00")

            try await fixture.platform.advance(by: 48 * 3600 - 1)  // 09:59:59
            let early = try await fixture.platform.drain()
            #expect(early.timersFired == 0)
            #expect(try await fixture.caseStatus(caseID) == "dispatched_to_merchant")

            try await fixture.platform.advance(by: 1)  // 10:00:00
            // The drain fires it, or the background worker did a moment before: once, at 10:00:00 exactly.
            try await fixture.platform.drain()
            #expect(try await fixture.caseStatus(caseID) == "merchant_response_overdue")
            #expect(
                try await EventFixture.rows(fixture.dispatchDatabase, "SELECT status, fired_at::text FROM timers WHERE status = 'fired'") == [
                    ["fired", "2026-03-12 02:00:00+00"]
                ]
            )
            // The merchant is chased; the next chase is due a day later.
            #expect(
                try await EventFixture.rows(fixture.dispatchDatabase, "SELECT due_at::text FROM timers WHERE status = 'pending'") == [
                    ["2026-03-13 02:00:00+00"]
                ]
            )

            // A late acknowledgement is still taken (the case stays counted overdue); the chases stop.
            let late = try await EventFixture.call(
                fixture.dispatchPort,
                "/aftersales.dispatch.v1.DispatchService/AcknowledgeCase",
                ["caseId": caseID],
                as: .merchant(EventFixture.merchant)
            )
            #expect(late.status == .ok && late.json["status"] as? String == "acknowledged", "\(late.json)")
        }
    }

    @Test func aTimerCancelledWithTheAcknowledgementNeverFires() async throws {
        try await EventFixture.with { fixture in
            let intake = try await fixture.startIntake()
            let dispatch = try await fixture.startDispatch()
            defer {
                Task {
                    await intake.stop()
                    await dispatch.stop()
                }
            }
            let caseID = try await fixture.registerCase()
            try await fixture.platform.drain()
            // Another merchant does not see the case.
            let stranger = try await EventFixture.call(
                fixture.dispatchPort,
                "/aftersales.dispatch.v1.DispatchService/AcknowledgeCase",
                ["caseId": caseID],
                as: .merchant("019a0c4e-8a00-7000-8000-0000000000bb")
            )
            #expect(stranger.status == .notFound)
            let acknowledged = try await EventFixture.call(
                fixture.dispatchPort,
                "/aftersales.dispatch.v1.DispatchService/AcknowledgeCase",
                ["caseId": caseID],
                as: .merchant(EventFixture.merchant)
            )
            #expect(acknowledged.status == .ok && acknowledged.json["status"] as? String == "acknowledged", "\(acknowledged.json)")
            try await fixture.platform.advance(by: 30 * 24 * 3600)
            try await fixture.platform.drain()
            // The acknowledgement's deadline was cancelled with it (the inspection's runs on, and is chased).
            #expect(
                try await EventFixture.rows(
                    fixture.dispatchDatabase,
                    "SELECT t.status FROM timers t JOIN dispatch_cases c ON t.due_at = c.respond_by"
                )
                    == [["cancelled"]]
            )
            #expect(
                try await EventFixture.count(
                    fixture.dispatchDatabase,
                    "SELECT count(*) FROM outbox_events WHERE type = 'dispatch.case_chased' AND envelope->'data'->>'step' = 'acknowledge'"
                ) == 0
            )
            #expect(
                try await EventFixture.count(
                    fixture.dispatchDatabase,
                    "SELECT count(*) FROM outbox_events WHERE type = '\(MerchantResponseOverdue.type)'"
                ) == 0
            )
            #expect(try await fixture.caseStatus(caseID) == "at_merchant")
        }
    }

    @Test func overdueTimersFireInDueOrderAfterDowntime() async throws {
        try await EventFixture.with { fixture in
            let intake = try await fixture.startIntake()
            let dispatch = try await fixture.startDispatch()
            defer { Task { await intake.stop() } }
            var cases: [String] = []
            for index in 0..<4 {
                cases.append(try await fixture.registerCase(order: "PDD-\(index)"))
                try await fixture.platform.drain()
                try await fixture.platform.advance(by: 3600)
            }
            // Dispatch is down for days; business time goes on. It comes back on another port.
            let now = try await fixture.platform.now(of: "dispatch")
            await dispatch.stop()
            let later = now.addingTimeInterval(5 * 24 * 3600)
            let restarted = try await fixture.startDispatch(on: FreePort.next(), at: later)
            defer { Task { await restarted.stop() } }
            let platform = PlatformClock(ports: ["intake": fixture.intakePort, "dispatch": restarted.port])
            try await platform.set(later)
            // The restarted worker fires them on its own at start, one at a time in due order; the drain then
            // delivers what they announced. (Drained at once, the drain's pass and the worker's would each claim
            // the earliest timer not locked — two firers, whose order of finishing is not the due order.)
            let deadline = ContinuousClock.now + .seconds(20)
            while try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM timers WHERE status = 'fired'") < 4,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await platform.drain()
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM timers WHERE status = 'fired'") == 4)
            let fired = try await EventFixture.rows(
                fixture.dispatchDatabase,
                "SELECT subject_id FROM timers WHERE status = 'fired' ORDER BY fired_order"
            ).compactMap { $0[0] }
            #expect(fired == cases)
            let overdue = try await EventFixture.rows(
                fixture.dispatchDatabase,
                "SELECT subject_id FROM outbox_events WHERE type = '\(MerchantResponseOverdue.type)' ORDER BY position"
            ).compactMap { $0[0] }
            #expect(overdue == cases)
        }
    }
}
