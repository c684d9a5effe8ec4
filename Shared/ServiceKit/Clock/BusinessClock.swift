public import Foundation
import Synchronization

/// The one source of business time: every rule, deadline, timer and event timestamp reads it, never
/// `Date()` or SQL `now()`, so tests can move time instead of sleeping (DESIGN §6).
///
/// Token expiry and UUIDv7 deliberately use the wall clock, not this.
public protocol BusinessClock: Sendable {
    func now() -> Date
}

/// Production time: the system's wall clock.
public struct SystemBusinessClock: BusinessClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to: for tests, and later for the platform's test mode.
/// It never goes backwards.
public final class ManualBusinessClock: BusinessClock {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `interval` seconds; a negative interval is refused.
    public func advance(by interval: TimeInterval) throws(ClockError) {
        guard interval >= 0 else { throw .backwards }
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    /// Sets the clock to `instant`, which must not be earlier than the current time.
    public func set(_ instant: Date) throws(ClockError) {
        try current.withLock { (value: inout Date) throws(ClockError) in
            guard instant >= value else { throw .backwards }
            value = instant
        }
    }
}

public enum ClockError: Error, Equatable {
    case backwards
}
