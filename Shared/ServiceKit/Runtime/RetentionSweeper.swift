import Foundation
import Logging
import ServiceLifecycle

/// Sweeps, across every tenant and as the worker role, on a fixed cadence while the service runs: the
/// idempotency keys whose retention ended, and the outbox's events every subscriber has had for longer than
/// the outbox's retention (``OutboxRetention``). Both on the business clock. An expired key is already
/// treated as absent when a request meets one, and the relay never reads a delivered event again: the
/// sweep only keeps the tables small.
struct RetentionSweeper: Service {
    let database: Database
    let clock: any BusinessClock
    let interval: Duration
    /// How long a delivered event is kept after it was appended.
    let outboxRetention: TimeInterval
    let logger: Logger

    func run() async throws {
        // The cadence is operational (wall time between sweeps); what counts as expired is business time.
        let interval = self.interval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await sweep()
        }
    }

    func sweep() async {
        let now = clock.now()
        do {
            let deleted = try await IdempotencyStore().purge(expiredBy: now, on: database.client, logger: logger)
            if deleted > 0 { logger.info("idempotency keys purged", metadata: ["count": "\(deleted)"]) }
        } catch {
            logger.warning("idempotency purge failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        do {
            let cutoff = now.addingTimeInterval(-outboxRetention)
            let deleted = try await OutboxRetention().purge(appendedBefore: cutoff, on: database.client, logger: logger)
            if deleted > 0 { logger.info("delivered events purged", metadata: ["count": "\(deleted)"]) }
        } catch {
            logger.warning("outbox purge failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
