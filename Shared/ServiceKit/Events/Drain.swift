import Foundation
import Logging
import Models
import PostgresNIO

/// Runs due timers through the real timer worker and delivers the outbox through the real relay until
/// nothing due is left (test mode's `TestClock/Drain`, DESIGN §6). Work held by another relay or worker
/// (the background loop, another replica) is waited for, by polling with a deadline.
public struct Drain: Sendable {
    let runtime: EventRuntime
    let database: Database
    let clock: any BusinessClock
    let logger: Logger

    public struct Report: Codable, Sendable, Equatable {
        public let now: String
        public let timersFired: Int
        public let deliveriesSettled: Int
        /// True when due work was still held elsewhere at the deadline.
        public let incomplete: Bool
    }

    public func run(deadline: Duration = .seconds(30)) async throws -> Report {
        let end = ContinuousClock.now + deadline
        var fired = 0
        var settled = 0
        while true {
            let timers = await runtime.timerWorker.runDue()
            let deliveries = await runtime.relay.runOnce(everyone: true)
            fired += timers
            settled += deliveries
            if timers > 0 || deliveries > 0 { continue }
            guard try await dueWorkRemains() else { break }
            guard ContinuousClock.now < end else {
                return Report(now: RFC3339.string(clock.now()), timersFired: fired, deliveriesSettled: settled, incomplete: true)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return Report(now: RFC3339.string(clock.now()), timersFired: fired, deliveriesSettled: settled, incomplete: false)
    }

    /// Whether a claimable delivery or timer is due now, locked or not.
    private func dueWorkRemains() async throws -> Bool {
        let now = clock.now()
        let subscribers = runtime.relay.subscribers
        return try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM event_deliveries d
                    WHERE d.subscriber = ANY(\(subscribers)::text[]) AND d.status = 'pending' AND d.next_attempt_at <= \(now)
                      AND \(unescaped: EventRelay.isSubjectHead)
                ) OR EXISTS (
                    SELECT 1 FROM timers
                    WHERE status = 'pending' AND due_at <= \(now) AND (retry_at IS NULL OR retry_at <= \(now))
                )
                """,
                logger: logger
            )
            for try await remains in rows.decode(Bool.self) { return remains }
            return false
        }
    }
}
