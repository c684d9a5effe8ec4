import Foundation
import IntakeService
import Logging
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// The worker role's connections (relay, timers, folding) start with the planner settings its queue reads
/// depend on: no bitmap scans (an ordered index read stops at the batch's limit) and a plan made for every
/// execution (a plan kept from a near-empty outbox scans the whole outbox as it grows).
@Suite struct WorkerConnectionTests {
    @Test func theWorkersConnectionsPlanEachQueueReadForTheTablesAsTheyAre() async throws {
        let logger = Logger(label: "worker-connection")
        try await TestDatabase.withClone(of: IntakeService.name) { testDatabase in
            let settings = try testDatabase.settings(registry: IntakeService.registry)
            let configuration = DatabaseConfiguration.worker(settings, role: IntakeService.roles.worker)
            #expect(configuration.user == "intake_worker")
            let database = Database(configuration: configuration, logger: logger, metrics: nil)
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await database.client.run() }
                let shown = try await database.withConnection { connection in
                    let rows = try await connection.query(
                        "SELECT current_setting('plan_cache_mode'), current_setting('enable_bitmapscan')",
                        logger: logger
                    )
                    var shown: [(String, String)] = []
                    for try await row in rows.decode((String, String).self) { shown.append(row) }
                    return shown
                }
                #expect(shown.count == 1)
                #expect(shown.first?.0 == "force_custom_plan")
                #expect(shown.first?.1 == "off")
                group.cancelAll()
            }
        }
    }
}
