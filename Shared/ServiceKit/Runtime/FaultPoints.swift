import Synchronization

/// Places where a test can make a request fail on purpose, to prove what survives. Production builds pass
/// none; nothing in configuration can arm one.
public final class FaultPoints: Sendable {
    public enum Point: Sendable, Hashable {
        /// A mutation's effect and answer have committed; the answer is lost before it is sent.
        case afterEffectCommitted
        /// A mutation's effect is written but not committed; the request then hangs until its task is
        /// cancelled (stands in for a process that stops mid-request).
        case beforeEffectCommits
    }

    private let armed = Mutex<[Point: Int]>([:])

    public init() {}

    /// Makes the next `times` passes through `point` fail.
    public func arm(_ point: Point, times: Int = 1) {
        armed.withLock { $0[point, default: 0] += times }
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
