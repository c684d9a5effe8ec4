public import Foundation

/// When a failed webhook delivery is tried again (the contract documents it): after 5 s, 30 s, 2 min,
/// 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, then every 12 h — each ±10 % at random, so the retries of many
/// deliveries spread out — until 3 days after the event was queued; then it is a dead letter (to be
/// redriven by hand). An endpoint that failed every attempt for a day is disabled. Business time.
public struct WebhookRetrySchedule: Sendable, Equatable {
    /// The waits after the 1st, 2nd, … failed attempt; the last one repeats.
    public let delays: [TimeInterval]
    /// How long after queueing a delivery is still tried.
    public let window: TimeInterval
    /// How long an endpoint may fail every attempt before it is disabled.
    public let disableAfter: TimeInterval
    /// The jitter, as a fraction of the wait either way.
    public let jitter: Double

    public static let standard = WebhookRetrySchedule(
        delays: [5, 30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200],
        window: 3 * 86_400,
        disableAfter: 86_400,
        jitter: 0.1
    )

    public init(delays: [TimeInterval], window: TimeInterval, disableAfter: TimeInterval, jitter: Double) {
        self.delays = delays
        self.window = window
        self.disableAfter = disableAfter
        self.jitter = jitter
    }

    /// The wait after `attempts` failed attempts (1-based) before jitter.
    public func nominalDelay(afterAttempts attempts: Int) -> TimeInterval {
        delays[min(max(attempts, 1), delays.count) - 1]
    }

    /// The next attempt after `attempts` failures at `now`, with `unit` in [0, 1) choosing within the
    /// jitter; nil when it would fall at or after `until`, the end of the delivery's window (a dead letter).
    /// The window is the one stored with the delivery: a redrive gives it a new one.
    public func nextAttempt(afterAttempts attempts: Int, now: Date, until: Date, unit: Double) -> Date? {
        let nominal = nominalDelay(afterAttempts: attempts)
        let factor = 1 - jitter + 2 * jitter * min(max(unit, 0), 1)
        let next = now.addingTimeInterval(nominal * factor)
        return next < until ? next : nil
    }

    /// Whether an endpoint failing since `failingSince` is to be disabled at `now`.
    public func disables(failingSince: Date, now: Date) -> Bool {
        now.timeIntervalSince(failingSince) >= disableAfter
    }
}
