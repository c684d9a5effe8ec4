import Foundation
import Synchronization

/// Places where a test can make a request fail on purpose, to prove what survives. Production builds pass
/// none; nothing in configuration can arm one.
public final class FaultPoints: Sendable {
    public enum Point: String, Sendable, Hashable {
        /// A mutation's effect and answer have committed; the answer is lost before it is sent.
        case afterEffectCommitted = "after_effect_committed"
        /// A mutation's effect is written but not committed; the request then holds its transaction open
        /// until the test releases it, and fails (the test kills its connection meanwhile, as a process
        /// dying mid-request would).
        case beforeEffectCommits = "before_effect_commits"
    }

    private let armed = Mutex<[Point: Int]>([:])
    private let held = Mutex<Bool>(false)

    public init() {}

    /// The points armed by configuration: only in test mode, each once per listing.
    public static func configured(_ settings: Settings) -> FaultPoints? {
        guard settings.bool(CommonSettings.testMode) else { return nil }
        let faults = FaultPoints()
        for name in settings.string(CommonSettings.testFaultPoints).split(separator: ",") {
            if let point = Point(rawValue: name.trimmingCharacters(in: .whitespaces)) { faults.arm(point) }
        }
        return faults
    }

    /// Makes the next `times` passes through `point` fail.
    public func arm(_ point: Point, times: Int = 1) {
        armed.withLock { $0[point, default: 0] += times }
    }

    /// Lets a request held at ``Point/beforeEffectCommits`` go on (to fail).
    public func release() { held.withLock { $0 = false } }

    /// Holds the caller until ``release()``; polled, as a test-only path.
    func hold() async throws {
        held.withLock { $0 = true }
        while held.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// Whether this pass through `point` must fail; consumes one arming.
    func trip(_ point: Point) -> Bool {
        armed.withLock { armed in
            guard let left = armed[point], left > 0 else { return false }
            armed[point] = left - 1
            return true
        }
    }
}

/// The failure an armed fault point raises.
public struct InjectedFault: Error, CustomStringConvertible {
    public let point: FaultPoints.Point
    public var description: String { "injected fault at \(point)" }
}
