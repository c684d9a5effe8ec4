import Foundation
import Logging
import Models
import PostgresNIO
import Synchronization

/// Delivers the outbox to subscribers (DESIGN §6, §9): claims due deliveries with `FOR UPDATE SKIP LOCKED`
/// as the worker role, posts them as one batch to the subscriber's `EventSink/Deliver` with the service's
/// token, and settles them by the acknowledgement rule — in the claim's transaction, so a process dying
/// anywhere before commit leaves them pending for the next relay (at least once).
///
/// Per-subject order: only the earliest pending delivery of a subject is ever claimable, so a later event
/// waits while an earlier one retries, with any number of relays.
public struct EventRelay: Sendable {
    let producer: String
    let database: Database
    let clock: any BusinessClock
    let client: PlatformClient?
    let subscriberURLs: [String: String]
    let timeout: Duration
    let batchSize: Int
    let backoff: Backoff
    let metrics: ServiceMetrics
    let faults: FaultPoints?
    let logger: Logger

    /// Subscribers whose last pass settled a full batch: the backlog is deeper than one batch.
    let backlogged = Backlogged()
    /// Subscribers that did not answer at all (refused, reset, timed out): left alone for a while.
    let resting = Resting()

    /// Batches in flight at once to a backlogged subscriber. Each holds a worker connection while it posts
    /// (the worker pool has four: one stays for the timer worker). Per-subject order holds with any number,
    /// as with several relays: only a subject's earliest pending delivery is claimable.
    static let lanes = 3

    var subscribers: [String] { subscriberURLs.keys.sorted() }

    /// One batch per subscriber — or ``lanes`` batches at once to a subscriber whose last pass was full;
    /// returns the number of deliveries settled (delivered, retried or dead).
    ///
    /// A subscriber that did not answer the last batch rests (1 s, doubling to 5 s, wall clock) before the
    /// next: its deliveries are retried on their own schedule anyway, and claiming and settling a batch
    /// for it at every pass took database time from the requests (`make bench` create-case: 0.68× with three
    /// subscribers down). `everyone`: the test clock's drain tries all of them.
    public func runOnce(everyone: Bool = false) async -> Int {
        var settled = 0
        for subscriber in subscribers where everyone || !resting.contains(subscriber) {
            let lanes = backlogged.contains(subscriber) ? Self.lanes : 1
            let counts = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<lanes { group.addTask { await self.deliverLoggingFailure(to: subscriber) } }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
            backlogged.set(subscriber, counts.contains(batchSize))
            settled += counts.reduce(0, +)
        }
        return settled
    }

    private func deliverLoggingFailure(to subscriber: String) async -> Int {
        do {
            return try await deliverBatch(to: subscriber)
        } catch {
            logger.warning("event relay pass failed", metadata: ["subscriber": "\(subscriber)", "error": "\(String(reflecting: error))"])
            return 0
        }
    }

    struct Claimed {
        /// The claimed row's physical address: the settle finds it again with a TID scan (its row lock holds
        /// it in place until the commit), whatever the planner thinks of the table's size.
        let row: String
        let tenant: UUID
        let eventID: UUID
        let attempts: Int
        let createdAt: Date
        let envelope: String
    }

    private func deliverBatch(to subscriber: String) async throws -> Int {
        guard let client, let baseURL = subscriberURLs[subscriber] else { return 0 }
        return try await database.withTransaction(logger: logger) { connection in
            let now = clock.now()
            let claimed = try await claim(subscriber, now: now, on: connection)
            guard !claimed.isEmpty else {
                metrics.recordOutboxLag(subscriber: subscriber, seconds: 0)
                return 0
            }
            metrics.recordOutboxLag(subscriber: subscriber, seconds: claimed.map { now.timeIntervalSince($0.createdAt) }.max() ?? 0)
            faults?.crash(at: .relayAfterClaim)

            let body = Data((#"{"events":["# + claimed.map(\.envelope).joined(separator: ",") + "]}").utf8)
            let outcome: DeliveryOutcome
            var httpStatus: Int?
            do {
                let answer = try await client.post(baseURL, path: PlatformPaths.deliver, body: body, timeout: timeout)
                httpStatus = answer.status
                outcome = .of(status: answer.status, body: answer.text)
                resting.wake(subscriber)
            } catch {
                outcome = .retry(reason: "no answer: \(String(describing: error).prefix(300))")
                resting.rest(subscriber)
            }
            faults?.crash(at: .relayAfterPost)

            try await settle(claimed, subscriber: subscriber, outcome: outcome, httpStatus: httpStatus, now: now, on: connection)
            faults?.crash(at: .relayBeforeCommit)
            return claimed.count
        }
    }

    /// SQL condition on a delivery `d`: it is its subject's earliest pending delivery for its subscriber —
    /// the only kind a relay may claim (per-subject order). A correlated subquery, evaluated per candidate
    /// with its subject as index keys: a `NOT EXISTS` anti-join was planned on fresh, unanalysed tables as a
    /// nested loop filtering every pending row per candidate (0.2–0.6 s per claim at a backlog of 2,000,
    /// measured by `make bench`'s events scenario).
    static let isSubjectHead = """
        d.position = (
            SELECT min(e.position) FROM event_deliveries e
            WHERE e.subscriber = d.subscriber AND e.tenant_id = d.tenant_id AND e.subject_kind = d.subject_kind
              AND e.subject_id = d.subject_id AND e.status = 'pending')
        """

    private func claim(_ subscriber: String, now: Date, on connection: PostgresConnection) async throws -> [Claimed] {
        var claimed: [Claimed] = []
        let statement = RelayClaim(subscriber: subscriber, now: now, batchSize: batchSize, window: batchSize * (Self.lanes + 1))
        for try await row in try await connection.execute(statement, logger: logger) { claimed.append(row) }
        return claimed
    }

    private func settle(
        _ claimed: [Claimed],
        subscriber: String,
        outcome: DeliveryOutcome,
        httpStatus: Int?,
        now: Date,
        on connection: PostgresConnection
    ) async throws {
        let status: String
        let error: String?
        var nextAttempts = claimed.map { _ in now }
        switch outcome {
        case .delivered:
            (status, error) = ("delivered", nil)
        case .reject(let reason):
            (status, error) = ("dead", reason)
            logger.error("subscriber refused a delivery; dead-lettered", metadata: ["subscriber": "\(subscriber)", "reason": "\(reason)"])
        case .retry(let reason):
            (status, error) = ("pending", reason)
            nextAttempts = claimed.map { now.addingTimeInterval(backoff.delay(afterAttempts: $0.attempts + 1, unit: Double.random(in: 0..<1))) }
            logger.warning("delivery failed; will retry", metadata: ["subscriber": "\(subscriber)", "reason": "\(reason)"])
        }
        let statement = RelaySettle(
            rows: claimed.map(\.row),
            nextAttempts: nextAttempts,
            now: now,
            error: error,
            httpStatus: httpStatus,
            status: status,
            maxAttempts: backoff.maxAttempts
        )
        for try await settledStatus in try await connection.execute(statement, logger: logger) {
            metrics.recordDeliveryAttempt(subscriber: subscriber, outcome: settledStatus == "pending" ? "retry" : settledStatus)
        }
    }
}

/// The subscribers a relay found a full batch for on its last pass.
final class Backlogged: Sendable {
    private let names = Mutex<Set<String>>([])

    func contains(_ subscriber: String) -> Bool { names.withLock { $0.contains(subscriber) } }

    var any: Bool { names.withLock { !$0.isEmpty } }

    func set(_ subscriber: String, _ backlogged: Bool) {
        names.withLock { names in
            if backlogged { names.insert(subscriber) } else { names.remove(subscriber) }
        }
    }
}

/// Subscribers that did not answer, each until when it rests; the pause doubles while it stays silent.
final class Resting: Sendable {
    private let until = Mutex<[String: (until: ContinuousClock.Instant, pause: Duration)]>([:])
    static let first = Duration.seconds(1)
    static let longest = Duration.seconds(5)

    func contains(_ subscriber: String) -> Bool {
        until.withLock { ($0[subscriber]?.until).map { $0 > .now } ?? false }
    }

    func rest(_ subscriber: String) {
        until.withLock { resting in
            let pause = resting[subscriber].map { min($0.pause * 2, Self.longest) } ?? Self.first
            resting[subscriber] = (.now + pause, pause)
        }
    }

    func wake(_ subscriber: String) {
        _ = until.withLock { $0.removeValue(forKey: subscriber) }
    }
}
