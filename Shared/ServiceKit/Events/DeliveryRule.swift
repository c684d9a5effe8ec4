public import Foundation

/// What a subscriber's answer means for a batch (DESIGN §9, delivery acknowledgement).
public enum DeliveryOutcome: Sendable, Equatable {
    /// 2xx: every envelope was applied or was a duplicate.
    case delivered
    /// 408, 425, 429, any 5xx, no answer (refused, reset) or past the timeout: try again later.
    case retry(reason: String)
    /// Any other answer: it will never succeed, so the batch goes to dead letters at once.
    case reject(reason: String)

    /// The outcome of an HTTP answer `status` with `body` (kept, shortened, as the reason).
    public static func of(status: Int, body: String) -> DeliveryOutcome {
        let reason = "HTTP \(status): \(body.prefix(500))"
        switch status {
        case 200..<300: return .delivered
        case 408, 425, 429, 500..<600: return .retry(reason: reason)
        default: return .reject(reason: reason)
        }
    }
}

/// Exponential backoff with full jitter, on the business clock: attempt `n` (1-based, the one that just
/// failed) waits a random time up to `base · 2^(n-1)`, capped at `cap`, and never less than half of it,
/// so retries of many events spread out without one ever retrying at once.
public struct Backoff: Sendable, Equatable {
    public let base: TimeInterval
    public let cap: TimeInterval
    public let maxAttempts: Int

    public init(base: TimeInterval, cap: TimeInterval, maxAttempts: Int) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// The longest wait after `attempts` failed attempts.
    public func ceiling(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = min(max(attempts - 1, 0), 30)
        return min(cap, base * Double(1 << exponent))
    }

    /// The wait after `attempts` failed attempts, with `unit` in [0, 1) choosing within the jitter range.
    public func delay(afterAttempts attempts: Int, unit: Double) -> TimeInterval {
        let ceiling = ceiling(afterAttempts: attempts)
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }

    /// Whether a delivery that has failed `attempts` times is finished (dead).
    public func exhausted(afterAttempts attempts: Int) -> Bool { attempts >= maxAttempts }
}
