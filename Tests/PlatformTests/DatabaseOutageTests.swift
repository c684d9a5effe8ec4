import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Logging
import ServiceKit
import TestSupport
import Testing

/// When the database goes away, callers get `unavailable` (retry later) in bounded time, never an
/// `internal` error or a hang; when it returns, the service serves again without a restart.
@Suite struct DatabaseOutageTests {
    let logger = Logger(label: "outage-test")

    @Test func anOutageIsUnavailableAndTheServiceRecovers() async throws {
        let cluster = ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.start(fresh: true)
        let database = TestDatabase(name: "intake", service: "intake", port: cluster.port)
        var admin = database.configuration(user: "postgres", database: "postgres")
        admin.database = "intake"
        try await Provisioner(roles: IntakeService.roles, database: "intake").run(admin: admin, logger: logger)
        try await database.connect(as: "intake_owner") { owner in
            try await IntakeService.migrator.apply(on: owner, appliedAt: { Date() }, logger: logger)
        }
        try await IntakeFixture.seed(database)
        let harness = IntakeHarness(database: database, clock: ManualBusinessClock(IntakeHarness.start))
        try await harness.serve(settings: ["DB_CONNECT_TIMEOUT_MS": "500", "DB_TRANSACTION_TIMEOUT_MS": "2000"]) { client in
            #expect(try await client.call("CreateCase", IntakeRequests.createBody()).status == .ok)

            try cluster.stop()
            let during = try await withTimeout(.seconds(20)) {
                try await client.call("CreateCase", IntakeRequests.createBody())
            }
            #expect(during.status == .serviceUnavailable)
            #expect(during.json["code"] as? String == "unavailable")

            try cluster.start()
            let deadline = ContinuousClock.now + .seconds(30)
            var status = HTTPResponse.Status.serviceUnavailable
            while status != .ok, ContinuousClock.now < deadline {
                status = try await withTimeout(.seconds(20)) { try await client.call("CreateCase", IntakeRequests.createBody()) }.status
                if status != .ok { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(status == .ok)
        }
    }
}
