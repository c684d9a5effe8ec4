import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import TestSupport
import Testing

/// A minimal service for exercising the runtime without any real service's domain.
enum ProbeService: ServiceDefinition {
    static let name = "probe"
    static let migrations = [
        Migration("0001_probes", statements: ["CREATE TABLE probes (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))"])
    ]
    static let contract = ServedContract(
        yaml: "openapi: \"3.1.0\"\ninfo: {title: probe, version: \"1\"}\npaths: {}\n",
        testModeYAML: ""
    )
    static let access: AccessTable = [:]
    static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {}
}

@Suite(.serialized) struct ReadinessTests {
    let logger = Logger(label: "readiness-test")

    /// Readiness follows the database: not ready before migrations, ready after, not ready while the server
    /// is down, ready again when it returns — on a cluster of this test's own.
    @Test func readinessFollowsMigrationsAndTheDatabase() async throws {
        let cluster = ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.start(fresh: true)
        let database = TestDatabase(name: "probe", service: "probe", port: cluster.port)
        var admin = database.configuration(user: "postgres", database: "postgres")
        admin.database = "probe"
        try await Provisioner(roles: ProbeService.roles, database: "probe").run(admin: admin, logger: logger)

        let settings = try database.settings(registry: ProbeService.registry, ["DB_CONNECT_TIMEOUT_MS": "500"])
        let app = try await ServiceApplication.build(ProbeService.self, settings: settings, logSink: .init { _ in })
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/readyz", method: .get)
            #expect(before.status == .serviceUnavailable)
            // The platform's migrations come first, under names of their own; the service's are numbered from 0001.
            #expect(
                String(buffer: before.body).contains(
                    "migrations not applied: platform.0001_current_tenant_function, platform.0002_idempotency_keys, "
                        + "platform.0003_events_and_timers, platform.0004_deliveries_without_reference, 0001_probes"
                )
            )

            try await database.connect(as: "probe_owner") { owner in
                try await ProbeService.migrator.apply(on: owner, appliedAt: { Date() }, logger: logger)
            }
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)

            try cluster.stop()
            let down = try await client.execute(uri: "/readyz", method: .get)
            #expect(down.status == .serviceUnavailable)
            #expect(String(buffer: down.body).contains(#""code":"unavailable""#))
            // Liveness does not depend on the database.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)

            try cluster.start()
            let deadline = ContinuousClock.now + .seconds(30)
            var status = HTTPResponse.Status.serviceUnavailable
            while status != .ok, ContinuousClock.now < deadline {
                status = try await client.execute(uri: "/readyz", method: .get).status
                if status != .ok { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(status == .ok)
        }
    }
}
