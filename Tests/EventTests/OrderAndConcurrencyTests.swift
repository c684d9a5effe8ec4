import DispatchService
import Foundation
import IntakeService
import Logging
import Models
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// Several relays and timer workers on one database (issue #5): no double delivery or firing, and a
/// subject's events applied in commit order even while its first event keeps failing.
@Suite(.serialized) struct OrderAndConcurrencyTests {
    @Test func aSubjectsEventsKeepTheirOrderWithTwoRelaysAndAHeadFailingThreeTimes() async throws {
        try await EventFixture.with { fixture in
            let first = try await fixture.startIntake()
            let second = try await fixture.startIntake(on: FreePort.next())
            let faults = FaultPoints()
            faults.arm(.sinkUnavailable, times: 3)
            let dispatch = try await fixture.startDispatch(faults: faults)
            defer {
                Task {
                    await first.stop()
                    await second.stop()
                    await dispatch.stop()
                }
            }

            // Three events of case S and one of case T, appended straight into Intake's outbox.
            let subjectS = UUID.v7()
            let subjectT = UUID.v7()
            let appended = try await fixture.appendRegistered(for: [subjectS, subjectS, subjectS, subjectT])

            let relays = PlatformClock(ports: ["a": first.port, "b": second.port])
            for _ in 0..<6 {
                // Both relays drain at once; each delivery is claimed by one of them.
                async let a: Void = { _ = try await relays.post("a", PlatformPaths.testClock + "/Drain") }()
                async let b: Void = { _ = try await relays.post("b", PlatformPaths.testClock + "/Drain") }()
                _ = try await (a, b)
                let appliedS = try await EventFixture.rows(
                    fixture.dispatchDatabase,
                    "SELECT event_id::text FROM inbox_events WHERE subject_id = '\(subjectS.wire)' ORDER BY position"
                ).compactMap { $0[0] }
                // Never a later event of S before an earlier one.
                #expect(appliedS == Array(appended.prefix(appliedS.count)), "S applied as \(appliedS)")
                try await relays.advance(by: 3600)
            }
            let appliedS = try await EventFixture.rows(
                fixture.dispatchDatabase,
                "SELECT event_id::text FROM inbox_events WHERE subject_id = '\(subjectS.wire)' ORDER BY position"
            ).compactMap { $0[0] }
            #expect(appliedS == Array(appended.prefix(3)))
            #expect(
                try await EventFixture.rows(fixture.intakeDatabase, "SELECT DISTINCT status FROM event_deliveries WHERE subscriber = 'dispatch'") == [
                    ["delivered"]
                ]
            )
            // S's later events went out once, after the head; the head and T (due at the same time) took
            // the three failures between them — together in one batch, or apart when each retry's jitter
            // and the two relays' clocks put them in different batches.
            let attempts = try await EventFixture.rows(
                fixture.intakeDatabase,
                "SELECT attempts FROM event_deliveries WHERE subscriber = 'dispatch' ORDER BY position"
            )
            .map { Int($0[0] ?? "") ?? -1 }
            #expect(attempts.count == 4 && attempts[1] == 1 && attempts[2] == 1, "attempts \(attempts)")
            let headFailures = attempts.first.map { $0 - 1 } ?? 0
            let otherFailures = attempts.last.map { $0 - 1 } ?? 0
            #expect(headFailures >= 1 && max(headFailures, otherFailures) <= 3 && headFailures + otherFailures >= 3, "attempts \(attempts)")
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM inbox_events") == 4)
        }
    }

    @Test func twoRelaysAndTwoTimerWorkersNeitherDeliverNorFireTwice() async throws {
        try await EventFixture.with { fixture in
            let intakeA = try await fixture.startIntake()
            let intakeB = try await fixture.startIntake(on: FreePort.next())
            let dispatchA = try await fixture.startDispatch()
            let dispatchB = try await fixture.startDispatch(on: FreePort.next())
            defer {
                Task {
                    await intakeA.stop()
                    await intakeB.stop()
                    await dispatchA.stop()
                    await dispatchB.stop()
                }
            }
            let cases = 24
            for index in 0..<cases {
                _ = try await fixture.registerCase(port: index % 2 == 0 ? intakeA.port : intakeB.port, order: "PDD-\(index)")
            }
            let all = PlatformClock(ports: ["ia": intakeA.port, "ib": intakeB.port, "da": dispatchA.port, "db": dispatchB.port])
            try await Self.drainConcurrently(all)
            #expect(
                try await EventFixture.rows(
                    fixture.intakeDatabase,
                    "SELECT DISTINCT status, attempts FROM event_deliveries WHERE subscriber = 'dispatch'"
                ) == [["delivered", "1"]]
            )
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM dispatch_cases") == cases)
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.intakeDatabase,
                to: fixture.dispatchDatabase,
                types: [CaseRegistered.type]
            )

            try await all.advance(by: 48 * 3600)
            try await Self.drainConcurrently(all)
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM timers WHERE status = 'fired'") == cases)
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(DISTINCT fired_order) FROM timers") == cases)
            #expect(
                try await EventFixture.count(
                    fixture.dispatchDatabase,
                    "SELECT count(*) FROM outbox_events WHERE type = '\(MerchantResponseOverdue.type)'"
                ) == cases
            )
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.dispatchDatabase,
                to: fixture.intakeDatabase,
                types: [CaseQueuedForMerchant.type, MerchantResponseOverdue.type]
            )
            #expect(try await EventFixture.rows(fixture.intakeDatabase, "SELECT DISTINCT status FROM cases") == [["merchant_response_overdue"]])
        }
    }

    /// Every service of `clock` drains at the same time, round after round, until a round finds no work.
    static func drainConcurrently(_ clock: PlatformClock) async throws {
        for _ in 0..<20 {
            let work = try await withThrowingTaskGroup(of: Int.self) { group in
                for service in clock.ports.keys {
                    group.addTask {
                        let answer = try await clock.post(service, PlatformPaths.testClock + "/Drain")
                        return (answer.json["timersFired"] as? Int ?? 0) + (answer.json["deliveriesSettled"] as? Int ?? 0)
                    }
                }
                return try await group.reduce(0, +)
            }
            if work == 0 { return }
        }
    }
}
