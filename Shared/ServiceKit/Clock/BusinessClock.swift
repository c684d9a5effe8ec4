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

    /// The last instant the clock reaches: RFC 3339 writes four-digit years.
    public static let end = Date(timeIntervalSince1970: 253_402_300_799.999)

    /// Moves the clock forward by `interval` seconds; a negative interval, or one past ``end``, is refused.
    public func advance(by interval: TimeInterval) throws(ClockError) {
        guard interval >= 0 else { throw .backwards }
        try current.withLock { (value: inout Date) throws(ClockError) in
            let moved = value.addingTimeInterval(interval)
            guard moved <= Self.end else { throw .pastEnd }
            value = moved
        }
    }

    /// Sets the clock to `instant`, which must not be earlier than the current time nor past ``end``.
    public func set(_ instant: Date) throws(ClockError) {
        guard instant <= Self.end else { throw .pastEnd }
        try current.withLock { (value: inout Date) throws(ClockError) in
            guard instant >= value else { throw .backwards }
            value = instant
        }
    }
}

public enum ClockError: Error, Equatable {
    case backwards
    /// Past the year 9999.
    case pastEnd
}
