import Synchronization

/// Runs `work`, giving up after `limit`: every call to something outside the process has a bound.
///
/// Not a task group: a group waits for all its children, and a pool lease is not promptly cancellable,
/// so the caller would wait past the limit. Here the caller resumes at the limit and the work is cancelled
/// and left to finish on its own.
public func withTimeout<Result: Sendable>(
    _ limit: Duration,
    _ work: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let once = ResumeOnce<Result>()
    return try await withCheckedThrowingContinuation { continuation in
        let worker = Task {
            do { once.resume(continuation, with: .success(try await work())) } catch { once.resume(continuation, with: .failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            if once.resume(continuation, with: .failure(TimeoutError(limit: limit))) { worker.cancel() }
        }
    }
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
