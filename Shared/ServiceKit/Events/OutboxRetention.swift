public import Foundation
public import Logging
public import PostgresNIO

/// How long the outbox keeps what it has delivered. An event stays while any subscriber still waits for it
/// (pending) or a dead letter of it may be redriven; once every delivery is `delivered` it is history the
/// relay no longer reads, and after the retention the worker's sweep deletes it with its deliveries — the
/// outbox and the deliveries the relay scans stay the size of the recent traffic, not of all time.
public struct OutboxRetention: Sendable {
    public init() {}

    /// Deletes, across tenants and in batches, the events appended before `cutoff` whose every delivery is
    /// delivered (an event no one subscribes to has none), and their deliveries. Only the worker role sees
    /// every tenant's rows; the app role's unscoped statement raises.
    /// - Returns: how many events were deleted.
    @discardableResult
    public func purge(appendedBefore cutoff: Date, on client: PostgresClient, logger: Logger, batch: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let rows = try await client.query(
                """
                WITH settled AS (
                    SELECT o.tenant_id, o.id FROM outbox_events o
                    WHERE o.occurred_at < \(cutoff)
                      AND NOT EXISTS (
                          SELECT 1 FROM event_deliveries d
                          WHERE d.tenant_id = o.tenant_id AND d.event_id = o.id AND d.status <> 'delivered')
                    LIMIT \(batch)
                    FOR UPDATE OF o SKIP LOCKED
                ), deliveries AS (
                    DELETE FROM event_deliveries d USING settled s WHERE d.tenant_id = s.tenant_id AND d.event_id = s.id
                )
                DELETE FROM outbox_events o USING settled s WHERE o.tenant_id = s.tenant_id AND o.id = s.id
                RETURNING 1
                """,
                logger: logger
            ).collect()
            total += rows.count
            if rows.count < batch { return total }
        }
    }
}
