import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The test clock exists only in test mode (DESIGN §6, §9): off by default, then not routed at all; on,
/// it admits only the service role and never goes back; refused outright with production settings.
@Suite struct TestClockModeTests {
    static func post(_ client: ServiceTestClient, _ path: String, _ body: String, roles: [Role]) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(try await TestTokens.token(tenant: nil, roles: roles, subject: "service:test"))"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func withTestModeOffTheClockPathsAreNotRouted() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve(as: .clerk(TestTenants.a)) { client in
                for operation in ["Get", "Set", "Advance", "Drain"] {
                    let answer = try await Self.post(client, PlatformPaths.testClock + "/" + operation, "{}", roles: [.service])
                    #expect(answer.status == .notImplemented && answer.code == "unimplemented", "\(operation)")
                }
            }
        }
    }

    @Test func inTestModeOnlyTheServiceRoleMovesTheClockAndNeverBackwards() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve(as: .clerk(TestTenants.a), settings: ["TEST_MODE": "true"]) { client in
                let path = PlatformPaths.testClock
                let read = try await Self.post(client, path + "/Get", "{}", roles: [.service])
                #expect(read.json["now"] as? String == "2026-03-10T02:00:00.000Z")
                let advanced = try await Self.post(client, path + "/Advance", #"{"seconds":90}"#, roles: [.service])
                #expect(advanced.json["now"] as? String == "2026-03-10T02:01:30.000Z")
                #expect(harness.clock.now() == ServiceHarness<IntakeService>.start.addingTimeInterval(90))
                let back = try await Self.post(client, path + "/Advance", #"{"seconds":-1}"#, roles: [.service])
                #expect(back.code == "invalid_argument" && back.violatedFields == ["seconds"])
                let earlier = try await Self.post(client, path + "/Set", #"{"now":"2026-03-10T02:00:00Z"}"#, roles: [.service])
                #expect(earlier.code == "invalid_argument" && earlier.violatedFields == ["now"])
                let staff = try await Self.post(client, path + "/Advance", #"{"seconds":1}"#, roles: [.platformOperator])
                #expect(staff.status == .forbidden)
                #expect(harness.clock.now() == ServiceHarness<IntakeService>.start.addingTimeInterval(90))
            }
        }
    }

    /// The clock moves at most ten years at a time and never past the year 9999, the last RFC 3339 writes:
    /// a fuzzer's huge advance is refused instead of answering a time no client can read.
    @Test func theClockStopsShortOfTheYear10000() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve(as: .clerk(TestTenants.a), settings: ["TEST_MODE": "true"]) { client in
                let path = PlatformPaths.testClock
                let huge = try await Self.post(client, path + "/Advance", #"{"seconds":9223372036854775807}"#, roles: [.service])
                #expect(huge.code == "invalid_argument" && huge.violatedFields == ["seconds"])
                let last = try await Self.post(client, path + "/Set", #"{"now":"9999-12-31T23:59:59.999Z"}"#, roles: [.service])
                #expect(last.json["now"] as? String == "9999-12-31T23:59:59.999Z")
                let past = try await Self.post(client, path + "/Advance", #"{"seconds":1}"#, roles: [.service])
                #expect(past.code == "invalid_argument" && past.violatedFields == ["seconds"], "\(past.json)")
                #expect(RFC3339.string(harness.clock.now()) == "9999-12-31T23:59:59.999Z")
            }
        }
    }

    /// A delivery is a list of at most 1000 envelopes, each with an object for its data — of a known type or
    /// not; a malformed one is refused (and dead-lettered by the relay), never applied halfway.
    @Test func aDeliveryIsBoundedAndItsEnvelopesAreWhole() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve(as: .clerk(TestTenants.a)) { client in
                func envelope(_ data: String) -> String {
                    #"{"id":"\#(UUID().uuidString.lowercased())","type":"nobody.knows","schemaVersion":1,"tenantId":"\#(TestTenants.a)","#
                        + #""subject":{"kind":"case","id":"x"},"occurredAt":"2026-03-10T02:00:00.000Z","producer":"fuzzer","data":\#(data)}"#
                }
                let unknown = try await Self.post(client, PlatformPaths.deliver, #"{"events":[\#(envelope("{}"))]}"#, roles: [.service])
                #expect(unknown.status == .ok && unknown.json["ignored"] as? Int == 1)
                for data in ["[null]", "null", "1"] {
                    let answer = try await Self.post(client, PlatformPaths.deliver, #"{"events":[\#(envelope(data))]}"#, roles: [.service])
                    #expect(answer.code == "invalid_argument", "data \(data)")
                }
                let many = (0...EventSink.largestBatch).map { _ in envelope("{}") }.joined(separator: ",")
                let tooMany = try await Self.post(client, PlatformPaths.deliver, #"{"events":[\#(many)]}"#, roles: [.service])
                #expect(tooMany.code == "invalid_argument" && tooMany.violatedFields == ["events"])
            }
        }
    }

    @Test func testModeIsRefusedWithProductionSettings() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            let settings = try harness.database.settings(
                registry: IntakeService.registry,
                ["TEST_MODE": "true", "DEPLOYMENT_PRODUCTION": "true"]
            )
            let error = await #expect(throws: SettingsError.self) {
                _ = try await ServiceApplication.build(IntakeService.self, settings: settings, clock: harness.clock)
            }
            #expect(error?.problems.map(\.key.name) == ["test.mode"])
        }
    }

    @Test func aPublisherWithoutAServiceKeyDoesNotStart() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            let settings = try harness.database.settings(registry: IntakeService.registry, ["AUTH_SERVICE_KEY": ""])
            let error = await #expect(throws: SettingsError.self) {
                _ = try await ServiceApplication.build(IntakeService.self, settings: settings, clock: harness.clock)
            }
            #expect(error?.description.contains("publishes events to dispatch") == true)
        }
    }
}
