import Logging
import ServiceLifecycle

/// Sweeps idempotency keys whose retention ended (on the business clock) across every tenant, as the
/// worker role, on a fixed cadence while the service runs. Expired keys are already treated as absent when
/// a request meets one; the sweep only keeps the table small.
struct IdempotencyPurger: Service {
    let database: Database
    let clock: any BusinessClock
    let interval: Duration
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
        do {
            let deleted = try await IdempotencyStore().purge(expiredBy: clock.now(), on: database.client, logger: logger)
            if deleted > 0 { logger.info("idempotency keys purged", metadata: ["count": "\(deleted)"]) }
        } catch {
            logger.warning("idempotency purge failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
