import ServiceLifecycle
import Synchronization

/// Wakes a worker loop early: a commit that appended events or timers signals it, so delivery does not
/// wait for the next poll. Signals while the loop is busy are kept (one is enough).
public final class Wakeup: Sendable {
    private struct State: ~Copyable {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    /// Loops woken with this one (each loop waits on a wake-up of its own).
    private let followers = Mutex<[Wakeup]>([])

    public init() {}

    /// Wakes `other` too at every signal of this one.
    public func alsoWake(_ other: Wakeup) {
        followers.withLock { $0.append(other) }
    }

    public func signal() {
        for follower in followers.withLock({ $0 }) { follower.signal() }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns at the next signal (or at once if one is pending), or after `interval`.
    func wait(upTo interval: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.nextSignal() }
            group.addTask { try? await Task.sleep(for: interval) }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}

/// A background worker of a service's own (``ServiceDefinition/backgroundWorkers(environment:workerDatabase:)``):
/// `pass` runs while it reports more work, then waits for `wakeup` or `interval`.
public struct BackgroundWorker: Sendable {
    let loop: WorkerLoop

    public init(interval: Duration, wakeup: Wakeup, pass: @escaping @Sendable () async -> Bool) {
        loop = WorkerLoop(interval: interval, wakeup: wakeup, pass: pass)
    }
}

/// A background worker of the service (relay, timer worker): runs passes while there is work, waits for a
/// wake-up or the poll interval when idle, and stops on graceful shutdown.
struct WorkerLoop: Service {
    let interval: Duration
    let wakeup: Wakeup
    /// One pass; true when more work is likely waiting (run again at once).
    let pass: @Sendable () async -> Bool

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await pass() { continue }
            // Woken early on shutdown: the loop condition then ends it.
            await cancelWhenGracefulShutdown { [wakeup, interval] in await wakeup.wait(upTo: interval) }
        }
    }
}
