import Foundation
public import Logging
public import Models

/// What `EventSink/Deliver` does (DESIGN §9; served by ``PlatformHandlers``): applies a batch of envelopes in one transaction per tenant, scoped to
/// it, that records each event id in the inbox with its handler's effect — so a redelivery is a
/// duplicate with no second effect. Answers 2xx only when every envelope is applied or was a duplicate.
public struct EventSink: Sendable {
    let database: Database
    let clock: any BusinessClock
    let handlers: EventHandlers
    let outbox: Outbox
    let metrics: ServiceMetrics
    let faults: FaultPoints?
    let wakeup: Wakeup
    let logger: Logger

    public struct Receipt: Codable, Sendable, Equatable {
        public let applied: Int
        public let duplicates: Int
        public let ignored: Int
    }

    /// The most envelopes one delivery carries (the contract's `maxItems`; relays send fewer).
    public static let largestBatch = 1000

    /// Applies `events` (a batch as the relay posted it, each payload already decoded through the catalog).
    public func deliver(_ events: [IncomingEvent], logger: Logger) async throws -> Receipt {
        guard events.count <= Self.largestBatch else {
            throw ErrorBody.invalidArgument([FieldViolation(field: "events", reason: "must hold at most \(Self.largestBatch) envelopes")])
        }
        if let faults, faults.trip(.sinkUnavailable) {
            throw ErrorBody(code: .unavailable, message: "the sink is unavailable (injected fault)")
        }
        if let faults, faults.trip(.sinkRejects) {
            throw ErrorBody.invalidArgument([FieldViolation(field: "events", reason: "refused (injected fault)")])
        }
        var receipt = (applied: 0, duplicates: 0, ignored: 0)
        // Handled envelopes grouped by tenant, each group in batch order (so a subject's events keep theirs).
        var groups: [(tenant: TenantID, events: [(IncomingEvent, EventHandlers.Handler)])] = []
        for event in events {
            let header = event.header
            guard let handler = handlers.handler(for: header), event.payload != nil else {
                // A type (or version) this service does not handle is acknowledged: retrying cannot help.
                logger.notice(
                    "event of an unhandled type acknowledged",
                    metadata: ["event.id": "\(header.id.wireText)", "event.type": "\(header.type)", "event.version": "\(header.schemaVersion)"]
                )
                receipt.ignored += 1
                continue
            }
            if let index = groups.firstIndex(where: { $0.tenant == header.tenantID }) {
                groups[index].events.append((event, handler))
            } else {
                groups.append((header.tenantID, [(event, handler)]))
            }
        }
        // One transaction per tenant: the group's inbox rows in one statement (which also sets the tenant),
        // then each new event's handler, in batch order. A failure rolls the group back and fails the
        // delivery; the relay retries the batch and the inbox makes what was already applied duplicates.
        for group in groups {
            let counts = try await applyRetryingConflicts(group, logger: logger)
            receipt.applied += counts.applied
            receipt.duplicates += counts.duplicates
        }
        metrics.recordInbox(applied: receipt.applied, duplicates: receipt.duplicates)
        if receipt.applied > 0 { wakeup.signal() }
        if let faults, faults.trip(.sinkSlowAnswer) { try await Task.sleep(for: .seconds(3)) }
        return Receipt(applied: receipt.applied, duplicates: receipt.duplicates, ignored: receipt.ignored)
    }

    /// One tenant's group in one transaction, run again (three tries in all) when it meets a deadlock or a
    /// serialization failure with a concurrent batch — the relay's lanes and other producers' relays deliver
    /// at once, and handlers may touch the same rows in another order. (Answered `aborted`, a 409, the
    /// batch went to dead letters at once: seen at 250 events/s in the webhooks bench.)
    private func applyRetryingConflicts(
        _ group: (tenant: TenantID, events: [(IncomingEvent, EventHandlers.Handler)]),
        logger: Logger
    ) async throws -> (applied: Int, duplicates: Int) {
        var attempt = 1
        while true {
            do {
                return try await apply(group, logger: logger)
            } catch  where ErrorBody.retryable(databaseError: error)?.code == .aborted {
                // Still conflicting after three tries: `unavailable`, which the relay retries later (DESIGN §9
                // dead-letters any other 4xx at once, and `aborted` is a 409).
                guard attempt < 3 else { throw ErrorBody(code: .unavailable, message: "the batch kept conflicting with another; retry") }
                attempt += 1
                logger.notice("sink transaction conflicted with another; applying the group again", metadata: ["attempt": "\(attempt)"])
            }
        }
    }

    private func apply(
        _ group: (tenant: TenantID, events: [(IncomingEvent, EventHandlers.Handler)]),
        logger: Logger
    ) async throws -> (applied: Int, duplicates: Int) {
        let now = clock.now()
        return try await database.withTransaction(logger: logger) { connection in
            var fresh = try await InboxRecord.insert(
                group.events.map(\.0.header),
                tenant: group.tenant,
                now: now,
                on: connection,
                logger: logger
            )
            var counts = (applied: 0, duplicates: 0)
            for (event, handler) in group.events {
                // A redelivery — or the same event twice in one batch — is a duplicate.
                guard fresh.remove(event.header.id) != nil else {
                    counts.duplicates += 1
                    continue
                }
                let context = EventContext(
                    connection: connection,
                    tenant: group.tenant,
                    now: now,
                    outbox: outbox,
                    timers: Timers(),
                    logger: logger
                )
                try await handler(event, context)
                counts.applied += 1
            }
            return counts
        }
    }
}
