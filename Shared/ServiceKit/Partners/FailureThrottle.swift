import Foundation
import Synchronization

/// Slows guessing: counts failures per key (an API key's id, a source address) within a sliding window;
/// once a key has `limit` of them, calls for it are refused until the oldest leaves the window — whether or
/// not the next attempt would succeed, so a guesser learns nothing while throttled. In memory, per process,
/// bounded: at capacity the keys with no failure left in the window go, then, if that is not enough, all.
public final class FailureThrottle: Sendable {
    public let limit: Int
    public let window: Duration
    private let capacity: Int
    /// The monotonic clock (a test passes its own): limits are about real attempts, never business time.
    private let instant: @Sendable () -> ContinuousClock.Instant
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    public init(limit: Int, window: Duration, capacity: Int = 100_000, instant: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.limit = max(1, limit)
        self.window = window
        self.capacity = max(1, capacity)
        self.instant = instant
    }

    /// How long `key` must wait before its next attempt; nil when it may try now.
    public func retryAfter(_ key: String) -> Duration? {
        let now = instant()
        return failures.withLock { failures in
            guard let recent = failures[key]?.filter({ now - $0 < window }), recent.count >= limit else { return nil }
            return window - (now - recent[recent.count - limit])
        }
    }

    /// Records a failed attempt for each of `keys`.
    public func recordFailure(_ keys: String...) {
        let now = instant()
        failures.withLock { failures in
            if failures.count + keys.count > capacity {
                failures = failures.filter { $0.value.contains { now - $0 < window } }
                // Still full of recent failures: forget them all (the next attempts are counted afresh —
                // weaker for one window, never unbounded, never a cost per call that grows with the map).
                if failures.count + keys.count > capacity { failures.removeAll(keepingCapacity: true) }
            }
            for key in keys {
                var recent = (failures[key] ?? []).filter { now - $0 < window }
                recent.append(now)
                failures[key] = Array(recent.suffix(limit))
            }
        }
    }
}

extension Duration {
    /// Whole seconds, rounded up, for a `Retry-After` header.
    public var wholeSecondsRoundedUp: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }
}
