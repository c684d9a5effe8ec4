import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Delivers queued webhooks (issue: merchant webhooks): claims due deliveries with a lease and commits,
/// posts each — signed in the Standard Webhooks scheme with every valid secret of its endpoint — through the
/// safe outbound client with no transaction open, then records each attempt: delivered, retried on the
/// schedule, or dead. An endpoint failing every attempt for a day is disabled and its merchant told.
/// A process dying mid-call leaves the lease to run out: the delivery is tried again (at least once; the
/// partner deduplicates on `webhook-id`).
struct WebhookDeliveryWorker: Sendable {
    let database: Database
    let clock: any BusinessClock
    let client: OutboundClient
    let settings: WebhookSettings
    let outbox: Outbox
    let logger: Logger
    let workerStore = WebhookWorkerStore()
    let secretStore = WebhookSecretStore()
    let queue = WebhookQueueStore()

    /// One pass; true when it claimed a full batch (more may be waiting).
    func runOnce() async -> Bool {
        do {
            let now = clock.now()
            // A lease outlasts the call: connect and total limits, and a margin for the records.
            let lease = now.addingTimeInterval(Double(settings.limits.totalTimeout.components.seconds) + 60)
            let (claimed, secrets) = try await database.withTransaction(logger: logger) { connection in
                let expired = try await workerStore.expire(now: now, on: connection, logger: logger)
                if expired > 0 { logger.error("webhook deliveries dead-lettered: retry window ended", metadata: ["count": "\(expired)"]) }
                let claimed = try await workerStore.claim(now: now, leaseUntil: lease, limit: settings.concurrency, on: connection, logger: logger)
                let pairs = Array(Set(claimed.map { Pair(tenant: $0.tenant, endpoint: $0.endpointID) }))
                let secrets = try await secretStore.valid(for: pairs.map { ($0.tenant, $0.endpoint) }, now: now, on: connection, logger: logger)
                return (claimed, secrets)
            }
            guard !claimed.isEmpty else { return false }
            let results = await withTaskGroup(of: (ClaimedDelivery, OutboundResult).self) { group in
                for delivery in claimed {
                    let keys = (secrets[delivery.endpointID] ?? []).compactMap(StandardWebhooks.key(of:))
                    group.addTask { (delivery, await send(delivery, keys: keys)) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            try await record(results, attemptedAt: now)
            return claimed.count == settings.concurrency
        } catch {
            logger.warning("webhook delivery pass failed", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }

    private struct Pair: Hashable {
        let tenant: UUID
        let endpoint: UUID
    }

    /// Signs with the wall clock's time (the partner checks it against its own clock) and posts.
    func send(_ delivery: ClaimedDelivery, keys: [Data]) async -> OutboundResult {
        guard !keys.isEmpty else {
            return OutboundResult(status: nil, latencyMs: 0, excerpt: "", failure: "the endpoint has no valid signing secret")
        }
        let body = Data(delivery.payload.utf8)
        let headers = StandardWebhooks.headers(id: delivery.messageID, timestamp: StandardWebhooks.wallClockTimestamp(), body: body, keys: keys)
        return await client.post(delivery.url, headers: headers, body: body)
    }

    private func record(_ results: [(ClaimedDelivery, OutboundResult)], attemptedAt: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let now = clock.now()
            for (delivery, result) in results {
                let retryAt =
                    result.succeeded
                    ? nil
                    : settings.schedule.nextAttempt(afterAttempts: delivery.attempt, now: now, until: delivery.expiresAt, unit: .random(in: 0..<1))
                if !result.succeeded && retryAt == nil {
                    logger.error(
                        "webhook delivery dead-lettered",
                        metadata: ["webhook_delivery.id": "\(delivery.id.wireText)", "reason": "\(result.failure ?? "")"]
                    )
                }
                guard
                    let failing = try await workerStore.settle(
                        delivery,
                        result: result,
                        attemptedAt: attemptedAt,
                        retryAt: retryAt,
                        now: now,
                        on: connection,
                        logger: logger
                    ),
                    settings.schedule.disables(failingSince: failing.failingSince, now: now),
                    try await workerStore.disableFailing(failing, on: connection, logger: logger)
                else { continue }
                try await announceDisabled(failing, lastError: result.failure ?? "", now: now, on: connection)
            }
        }
    }

    /// `notifications.endpoint_disabled`: kept in the outbox, and queued for the merchant's endpoints that
    /// subscribe to it.
    private func announceDisabled(
        _ endpoint: WebhookWorkerStore.FailingEndpoint,
        lastError: String,
        now: Date,
        on connection: PostgresConnection
    ) async throws {
        logger.warning(
            "webhook endpoint disabled after failing for a day",
            metadata: ["webhook_endpoint.id": "\(endpoint.id.wireText)", "merchant.id": "\(endpoint.merchantID.wireText)"]
        )
        let tenant = TenantID(endpoint.tenant)
        let payload = WebhookEndpointDisabled(
            webhookEndpointID: endpoint.id,
            merchantID: endpoint.merchantID,
            url: endpoint.url,
            failingSince: endpoint.failingSince,
            lastError: lastError
        )
        let entry = try outbox.entry(payload, subjectID: endpoint.id.wireText, tenant: tenant, now: now)
        try await outbox.append(entry, on: connection, logger: logger)
        try await queue.enqueue(
            .init(
                messageID: entry.id.wireText,
                type: WebhookEndpointDisabled.type,
                subject: entry.subject,
                occurredAt: now,
                merchantID: endpoint.merchantID,
                payload: entry.envelope
            ),
            tenant: tenant,
            now: now,
            window: settings.schedule.window,
            on: connection,
            logger: logger
        )
    }
}
