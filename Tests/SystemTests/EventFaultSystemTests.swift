import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real executables killed (SIGKILL, by a fault point) at each step of delivery and of a timer, then
/// restarted: every committed event is delivered and every due timer fired, none applied twice — checked
/// on the databases' histories, not on logs. Time moves only by the test clocks.
@Suite(.serialized) struct EventFaultSystemTests {
    static let pair = ["intake", "dispatch"]

    @Test(arguments: ["relay_after_claim", "relay_after_post", "relay_before_commit"])
    func aRelayKilledMidDeliveryLosesNothingAndDoublesNothing(_ point: String) async throws {
        try await RunningPlatform.with(Self.pair, extra: ["intake": ["TEST_FAULT_POINTS": point]]) { platform in
            // The relay, woken by the commit, reaches the fault point and the process dies there — possibly
            // before the answer is sent, so the client retries with its Idempotency-Key after the restart.
            _ = try? await platform.call("intake", "CreateCase", Self.caseBody, as: .clerk(TestTenants.a), idempotencyKey: "fault-\(point)")
            let status = try await platform.exitStatus(of: "intake")
            #expect(status == 128 + SIGKILL, "intake should have been killed at \(point), got \(String(describing: status))")

            let restarted = try await platform.restarting("intake")
            let registered = try await restarted.call(
                "intake",
                "CreateCase",
                Self.caseBody,
                as: .clerk(TestTenants.a),
                idempotencyKey: "fault-\(point)"
            )
            #expect(registered.status == .ok)
            let caseID = registered.json["caseId"] as? String ?? ""
            try await restarted.clock.align()
            try await restarted.clock.drain()
            // Dispatch's answer may have met Intake down: its retry comes due an hour later.
            try await restarted.clock.advance(by: 3600)
            try await restarted.clock.drain()
            try await Self.expectEveryEventAppliedOnce(restarted, from: "intake", to: "dispatch")
            try await Self.expectEveryEventAppliedOnce(restarted, from: "dispatch", to: "intake")
            #expect(try await Self.count(restarted, "dispatch", "SELECT count(*) FROM dispatch_cases") == 1)
            let read = try await restarted.call("intake", "GetCase", ["caseId": caseID], as: .clerk(TestTenants.a))
            #expect(read.json["status"] as? String == "dispatched_to_merchant")
        }
    }

    @Test func aTimerWorkerKilledInTheHandlerFiresTheTimerOnceAfterRestart() async throws {
        try await RunningPlatform.with(Self.pair, extra: ["dispatch": ["TEST_FAULT_POINTS": "timer_during_handler"]]) { platform in
            let registered = try await platform.call("intake", "CreateCase", Self.caseBody, as: .clerk(TestTenants.a))
            let caseID = registered.json["caseId"] as? String ?? ""
            try await platform.clock.drain()
            // Read before moving: once moved, Dispatch's background worker may run the handler and die at
            // any moment, so its clock cannot be asked afterwards.
            let deadline = try await platform.clock.now(of: "dispatch").addingTimeInterval(48 * 3600)
            try await PlatformClock(ports: ["intake": platform.port("intake")]).advance(by: 48 * 3600)
            _ = try? await platform.clock.post("dispatch", PlatformPaths.testClock + "/Advance", ["seconds": 48 * 3600])
            // Drain (or the background worker) runs the handler; the process dies before the timer is marked.
            _ = try? await platform.clock.post("dispatch", PlatformPaths.testClock + "/Drain")
            #expect(try await platform.exitStatus(of: "dispatch") == 128 + SIGKILL)
            #expect(try await Self.count(platform, "dispatch", "SELECT count(*) FROM timers WHERE status = 'pending'") == 1)

            let restarted = try await platform.restarting("dispatch")
            // The restarted process's clock starts at its configured start again: bring it to the deadline.
            try await PlatformClock(ports: ["dispatch": restarted.port("dispatch")]).set(deadline)
            try await restarted.clock.align()
            try await restarted.clock.drain()
            #expect(try await Self.count(restarted, "dispatch", "SELECT count(*) FROM timers WHERE status = 'fired'") == 1)
            #expect(
                try await Self.count(
                    restarted,
                    "dispatch",
                    "SELECT count(*) FROM outbox_events WHERE type = 'dispatch.merchant_response_overdue'"
                ) == 1
            )
            try await Self.expectEveryEventAppliedOnce(restarted, from: "dispatch", to: "intake")
            let read = try await restarted.call("intake", "GetCase", ["caseId": caseID], as: .clerk(TestTenants.a))
            #expect(read.json["status"] as? String == "merchant_response_overdue")
        }
    }

    static var caseBody: [String: Any] {
        IntakeRequests.createBody(
            ["productName": "智能门锁", "productCategory": "smart_lock", "purchaseDate": "2026-01-05", "reason": "指纹识别失灵"],
            order: "JD-88"
        )
    }

    /// History check: the events `producer` committed for `consumer` are exactly those it applied, once each.
    static func expectEveryEventAppliedOnce(_ platform: RunningPlatform, from producer: String, to consumer: String) async throws {
        let types = EventCatalog.subscriptions[consumer, default: []].map { "'\($0)'" }.joined(separator: ",")
        let committed = try await texts(platform, producer, "SELECT id::text FROM outbox_events WHERE type IN (\(types))")
        let applied = try await texts(platform, consumer, "SELECT event_id::text FROM inbox_events WHERE producer = '\(producer)'")
        #expect(!committed.isEmpty)
        #expect(Set(committed) == Set(applied), "\(producer) → \(consumer): committed \(committed) applied \(applied)")
        #expect(applied.count == Set(applied).count)
    }

    static func texts(_ platform: RunningPlatform, _ service: String, _ sql: String) async throws -> [String] {
        guard let database = platform.databases[service] else { return [] }
        return try await database.connect(as: "postgres") { client in
            var values: [String] = []
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: .init(label: "test")).decode(String.self) {
                values.append(value)
            }
            return values
        }
    }

    static func count(_ platform: RunningPlatform, _ service: String, _ sql: String) async throws -> Int {
        Int(try await texts(platform, service, "SELECT (\(sql))::text").first ?? "") ?? -1
    }
}
