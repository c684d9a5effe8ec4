public import NIOCore
import NIOPosix
import Synchronization

/// Runs `work`, giving up after `limit`: every call to something outside the process has a bound.
///
/// Not a task group: a group waits for all its children, and a pool lease is not promptly cancellable,
/// so the caller would wait past the limit. Here the caller resumes at the limit and the work is cancelled
/// and left to finish on its own. The deadline is a timer on an event loop, cancelled as soon as the work
/// answers — not a sleeping task left behind for the whole limit (one per transaction adds up).
public func withTimeout<Result: Sendable>(
    _ limit: Duration,
    _ work: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let once = ResumeOnce<Result>()
    let worker = Mutex<Task<Void, Never>?>(nil)
    return try await withCheckedThrowingContinuation { continuation in
        let deadline = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(limit)) {
            if once.resume(continuation, with: .failure(TimeoutError(limit: limit))) { worker.withLock { $0?.cancel() } }
        }
        let task = Task {
            let result: Swift.Result<Result, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            if once.resume(continuation, with: result) { deadline.cancel() }
        }
        worker.withLock { $0 = task }
    }
}

extension TimeAmount {
    /// `duration` as NIO counts it (whole nanoseconds).
    public init(_ duration: Duration) {
        self = .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

extension Duration {
    /// Whole milliseconds (latencies in logs and records, lock timeouts).
    public var wholeMilliseconds: Int { Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000) }
}

public struct TimeoutError: Error, CustomStringConvertible {
    public let limit: Duration
    public var description: String { "timed out after \(limit)" }
}

/// Resumes a continuation exactly once, whichever of the racers gets there first.
private final class ResumeOnce<Result: Sendable>: Sendable {
    private let resumed = Mutex(false)

    @discardableResult
    func resume(_ continuation: CheckedContinuation<Result, any Error>, with result: Swift.Result<Result, any Error>) -> Bool {
        let first = resumed.withLock { done in
            defer { done = true }
            return !done
        }
        if first { continuation.resume(with: result) }
        return first
    }
}
