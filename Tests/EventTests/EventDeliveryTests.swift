import DispatchService
import Foundation
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// At-least-once delivery with exactly one effect (issue #5): retries, a consumer that is down, answers
/// past the relay's timeout, dead letters and redrive — all driven by the test clock and drains.
@Suite(.serialized) struct EventDeliveryTests {
    static let deliveries = "SELECT status, attempts FROM event_deliveries WHERE subscriber = 'dispatch'"

    @Test func aCaseReachesDispatchAndDispatchsAnswerReachesIntake() async throws {
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
            #expect(try await fixture.caseStatus(caseID) == "dispatched_to_merchant")
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM dispatch_cases WHERE case_id = '\(caseID)'") == 1)
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["delivered", "1"]])
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.intakeDatabase,
                to: fixture.dispatchDatabase,
                types: [CaseRegistered.type]
            )
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.dispatchDatabase,
                to: fixture.intakeDatabase,
                types: [CaseQueuedForMerchant.type]
            )
        }
    }

    @Test func aConsumerAnswering503ThreeTimesAppliesTheEventOnce() async throws {
        try await EventFixture.with { fixture in
            let intake = try await fixture.startIntake()
            let faults = FaultPoints()
            faults.arm(.sinkUnavailable, times: 3)
            let dispatch = try await fixture.startDispatch(faults: faults)
            defer {
                Task {
                    await intake.stop()
                    await dispatch.stop()
                }
            }
            _ = try await fixture.registerCase()
            try await fixture.platform.drain()
            // The first attempt failed; the retry waits out its backoff on the business clock.
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["pending", "1"]])
            for _ in 0..<3 {
                try await fixture.platform.advance(by: 3600)
                try await fixture.platform.drain()
            }
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["delivered", "4"]])
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM dispatch_cases") == 1)
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.intakeDatabase,
                to: fixture.dispatchDatabase,
                types: [CaseRegistered.type]
            )
            let metrics = try await EventFixture.metrics(intake.port)
            #expect(metrics.contains(#"aftersales_events_delivery_attempts_total{subscriber="dispatch",outcome="retry"} 3"#))
        }
    }

    @Test func aConsumerThatIsDownThenBackAppliesTheEventOnce() async throws {
        try await EventFixture.with { fixture in
            let intake = try await fixture.startIntake()
            defer { Task { await intake.stop() } }
            _ = try await fixture.registerCase()
            // Nothing listens on Dispatch's port: refused, retried later.
            let quiet = PlatformClock(ports: ["intake": intake.port])
            try await quiet.drain()
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["pending", "1"]])
            let dispatch = try await fixture.startDispatch(at: try await quiet.now(of: "intake"))
            defer { Task { await dispatch.stop() } }
            try await fixture.platform.advance(by: 3600)
            try await fixture.platform.drain()
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["delivered", "2"]])
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.intakeDatabase,
                to: fixture.dispatchDatabase,
                types: [CaseRegistered.type]
            )
        }
    }

    @Test func anAnswerPastTheRelaysTimeoutIsRetriedAndRecognisedAsADuplicate() async throws {
        try await EventFixture.with { fixture in
            // 1.5 s: well under the sink's 3-second slow answer, with room for a loaded machine's second attempt.
            let intake = try await fixture.startIntake(settings: ["EVENTS_DELIVERY_TIMEOUT_MS": "1500"])
            let faults = FaultPoints()
            faults.arm(.sinkSlowAnswer)
            let dispatch = try await fixture.startDispatch(faults: faults)
            defer {
                Task {
                    await intake.stop()
                    await dispatch.stop()
                }
            }
            let caseID = try await fixture.registerCase()
            try await fixture.platform.drain()
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["pending", "1"]])
            try await fixture.platform.advance(by: 3600)
            try await fixture.platform.drain()
            #expect(try await EventFixture.rows(fixture.intakeDatabase, Self.deliveries) == [["delivered", "2"]])
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM dispatch_cases") == 1)
            #expect(try await EventFixture.metrics(dispatch.port).contains("aftersales_events_inbox_duplicates_total 1"))
            #expect(try await fixture.caseStatus(caseID) == "dispatched_to_merchant")
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.intakeDatabase,
                to: fixture.dispatchDatabase,
                types: [CaseRegistered.type]
            )
        }
    }

    @Test func a400IsDeadLetteredAtOnceAndAnOperatorRedrivesIt() async throws {
        try await EventFixture.with { fixture in
            let intake = try await fixture.startIntake()
            let faults = FaultPoints()
            faults.arm(.sinkRejects)
            let dispatch = try await fixture.startDispatch(faults: faults)
            defer {
                Task {
                    await intake.stop()
                    await dispatch.stop()
                }
            }
            _ = try await fixture.registerCase()
            try await fixture.platform.drain()
            #expect(
                try await EventFixture.rows(
                    fixture.intakeDatabase,
                    "SELECT status, attempts, last_status FROM event_deliveries WHERE subscriber = 'dispatch'"
                ) == [
                    ["dead", "1", "400"]
                ]
            )
            // More time changes nothing: a dead letter is not retried.
            try await fixture.platform.advance(by: 86_400)
            try await fixture.platform.drain()
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM dispatch_cases") == 0)

            let operatorRoles: [Role] = [.platformOperator]
            let listed = try await fixture.platform.post("intake", PlatformPaths.deadLetters + "/List", [:], roles: operatorRoles)
            let letters = listed.json["deadLetters"] as? [[String: Any]] ?? []
            #expect(listed.status == 200 && letters.count == 1, "\(letters)")
            #expect(letters.first?["subscriber"] as? String == "dispatch" && letters.first?["type"] as? String == "case.registered")
            let refused = try await fixture.platform.post("intake", PlatformPaths.deadLetters + "/List", [:], roles: [.service])
            #expect(refused.status == 403)

            let letter = letters.first ?? [:]
            let redrive = ["tenantId": letter["tenantId"] ?? "", "eventId": letter["eventId"] ?? "", "subscriber": "dispatch"]
            #expect(try await fixture.platform.post("intake", PlatformPaths.deadLetters + "/Redrive", redrive, roles: operatorRoles).status == 200)
            try await fixture.platform.drain()
            #expect(
                try await EventFixture.rows(fixture.intakeDatabase, "SELECT status FROM event_deliveries WHERE subscriber = 'dispatch'") == [
                    ["delivered"]
                ]
            )
            try await EventFixture.expectEveryEventAppliedOnce(
                from: fixture.intakeDatabase,
                to: fixture.dispatchDatabase,
                types: [CaseRegistered.type]
            )
            let again = try await fixture.platform.post("intake", PlatformPaths.deadLetters + "/Redrive", redrive, roles: operatorRoles)
            #expect(again.status == 404)
        }
    }

    @Test func aTypeTheConsumerDoesNotKnowIsAcknowledgedAndNotApplied() async throws {
        try await EventFixture.with { fixture in
            let dispatch = try await fixture.startDispatch()
            defer { Task { await dispatch.stop() } }
            let envelope: [String: Any] = [
                "id": "019a0c4e-8a00-7000-8000-00000000ffff", "type": "case.teleported", "schemaVersion": 1,
                "tenantId": TestTenants.a.description, "subject": ["kind": "case", "id": "x"], "occurredAt": "2026-03-10T02:00:00Z",
                "producer": "intake", "data": ["anything": true],
            ]
            let answer = try await fixture.platform.post("dispatch", PlatformPaths.deliver, ["events": [envelope]])
            #expect(answer.status == 200 && answer.json["ignored"] as? Int == 1)
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM inbox_events") == 0)
            let staff = try await fixture.platform.post(
                "dispatch",
                PlatformPaths.deliver,
                ["events": [envelope]],
                roles: [.tenantAdmin],
                tenant: TestTenants.a
            )
            #expect(staff.status == 403)
            let garbage = try await fixture.platform.post("dispatch", PlatformPaths.deliver, ["events": "nope"])
            #expect(garbage.status == 400)
        }
    }
}
