import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

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
        /// The process dies (SIGKILL) right after a relay claimed a batch, before posting it.
        case relayAfterClaim = "relay_after_claim"
        /// The process dies after the subscriber answered, before the batch is marked.
        case relayAfterPost = "relay_after_post"
        /// The process dies after the batch is marked delivered, before that commits.
        case relayBeforeCommit = "relay_before_commit"
        /// The process dies after a timer's handler ran, before the timer is marked fired.
        case timerDuringHandler = "timer_during_handler"
        /// The process dies (SIGKILL) after a payment's entries committed, before the provider is called.
        case paymentBeforeCall = "payment_before_call"
        /// The process dies after the provider answered a payment call, before the answer is recorded.
        case paymentAfterCall = "payment_after_call"
        /// `EventSink/Deliver` answers 503 without applying anything.
        case sinkUnavailable = "sink_unavailable"
        /// `EventSink/Deliver` answers 400 without applying anything.
        case sinkRejects = "sink_rejects"
        /// `EventSink/Deliver` applies the batch, then answers only after 3 s (past a short relay timeout).
        case sinkSlowAnswer = "sink_slow_answer"
    }

    private let armed = Mutex<[Point: Int]>([:])
    private let held = Mutex<Bool>(false)

    public init() {}

    /// The points armed by configuration: only in test mode, each once per listing, or `n` times when
    /// written `point*n`.
    public static func configured(_ settings: Settings) -> FaultPoints? {
        guard settings.bool(CommonSettings.testMode) else { return nil }
        let faults = FaultPoints()
        for item in settings.string(CommonSettings.testFaultPoints).split(separator: ",") {
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: "*")
            guard let first = parts.first, let point = Point(rawValue: String(first)) else { continue }
            faults.arm(point, times: parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
        }
        return faults
    }

    /// Kills the process, as `kill -9` would, when `point` is armed: what was not committed is lost.
    public func crash(at point: Point) {
        guard trip(point) else { return }
        kill(getpid(), SIGKILL)
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
