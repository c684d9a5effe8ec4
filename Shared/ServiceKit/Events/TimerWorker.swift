import Foundation
import Logging
import Models
import PostgresNIO

/// Fires due timers (DESIGN §6): claims the earliest due one with `FOR UPDATE SKIP LOCKED` as the worker
/// role, runs its handler and marks it fired in one transaction scoped to the timer's tenant. Several
/// workers may run; none fires a timer twice (the row is locked until the commit that marks it), and a
/// crash before commit leaves it pending for the next. After downtime, overdue timers fire in due order.
public struct TimerWorker: Sendable {
    let database: Database
    let clock: any BusinessClock
    let handlers: TimerHandlers
    let outbox: Outbox
    let backoff: Backoff
    let metrics: ServiceMetrics
    let faults: FaultPoints?
    let wakeup: Wakeup
    let logger: Logger

    /// Timers one background pass fires at most.
    public static let passLimit = 200

    /// Fires due timers one by one until none is due (at most `limit`); returns how many were handled.
    public func runDue(limit: Int = passLimit) async -> Int {
        var handled = 0
        while handled < limit {
            do {
                guard try await fireOne() else { break }
                handled += 1
            } catch {
                logger.warning("timer pass failed", metadata: ["error": "\(String(reflecting: error))"])
                break
            }
        }
        if handled > 0 { wakeup.signal() }
        return handled
    }

    private struct Due {
        let timer: FiredTimer
        let attempts: Int
    }

    /// Fires the earliest due timer; false when none is due.
    private func fireOne() async throws -> Bool {
        let now = clock.now()
        let failed: (Due, any Error)?
        do {
            let fired = try await database.withTransaction(logger: logger) { connection -> Due? in
                guard let due = try await claim(now: now, on: connection) else { return nil }
                try await connection.query("SELECT set_config('app.tenant_id', \(due.timer.tenant.description), true)", logger: logger)
                if let handler = handlers.handler(for: due.timer.kind) {
                    let context = EventContext(
                        connection: connection,
                        tenant: due.timer.tenant,
                        now: now,
                        outbox: outbox,
                        timers: Timers(),
                        logger: logger
                    )
                    do {
                        try await handler(due.timer, context)
                    } catch {
                        throw HandlerFailure(due: due, error: error)
                    }
                } else {
                    logger.error("no handler for timer kind; marked fired", metadata: ["timer.kind": "\(due.timer.kind)"])
                }
                faults?.crash(at: .timerDuringHandler)
                try await connection.query(
                    """
                    UPDATE timers SET status = 'fired', fired_at = \(now), fired_order = nextval('timer_firings')
                    WHERE tenant_id = \(due.timer.tenant.uuid) AND id = \(due.timer.id)
                    """,
                    logger: logger
                )
                return due
            }
            guard let fired else { return false }
            metrics.recordTimerFired(kind: fired.timer.kind, lagSeconds: now.timeIntervalSince(fired.timer.dueAt))
            return true
        } catch let failure as HandlerFailure {
            failed = (failure.due, failure.error)
        }
        if let (due, error) = failed {
            // The handler's transaction rolled back; the timer waits out a backoff, so one failing timer
            // does not hold back the others due after it.
            let retryAt = now.addingTimeInterval(backoff.delay(afterAttempts: due.attempts + 1, unit: Double.random(in: 0..<1)))
            logger.error("timer handler failed; will retry", metadata: ["timer.kind": "\(due.timer.kind)", "error": "\(String(reflecting: error))"])
            _ = try await database.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "UPDATE timers SET attempts = attempts + 1, retry_at = \(retryAt) WHERE tenant_id = \(due.timer.tenant.uuid) AND id = \(due.timer.id)",
                    logger: logger
                )
            }
        }
        return true
    }

    private func claim(now: Date, on connection: PostgresConnection) async throws -> Due? {
        let rows = try await connection.query(
            """
            SELECT tenant_id, id, kind, subject_kind, subject_id, due_at, payload::text AS payload, attempts
            FROM timers
            WHERE status = 'pending' AND due_at <= \(now) AND (retry_at IS NULL OR retry_at <= \(now))
            ORDER BY due_at, id
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """,
            logger: logger
        )
        for try await (tenant, id, kind, subjectKind, subjectID, dueAt, payload, attempts)
            in rows.decode((UUID, UUID, String, String, String, Date, String, Int).self)
        {
            let timer = FiredTimer(
                id: id,
                tenant: TenantID(tenant),
                kind: kind,
                subject: EventSubject(kind: subjectKind, id: subjectID),
                dueAt: dueAt,
                payloadJSON: payload
            )
            return Due(timer: timer, attempts: attempts)
        }
        return nil
    }

    private struct HandlerFailure: Error {
        let due: Due
        let error: any Error
    }
}
