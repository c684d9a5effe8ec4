public import Foundation
public import Logging
public import Models
import NIOCore
public import PostgresNIO

/// The SQL of idempotency keys. The key is claimed inside the transaction of the effect, so the effect and
/// its answer commit together: a crash before commit leaves no trace (the key is free at once), a crash
/// after commit leaves the answer for the retry.
///
/// A duplicate arriving while the first is in flight waits on the first's uncommitted row — for at most
/// the configured wait, then it is answered `aborted`. The in-flight "lease" is therefore the first
/// request's transaction itself: it ends with the request, with a crash (PostgreSQL rolls back the
/// connection's transaction), or at the server's session timeouts.
public struct IdempotencyStore: Sendable {
    public enum Claim: Sendable {
        /// The key is ours: run the effect and record the answer.
        case claimed
        /// An earlier request with this key committed this answer for a body with this hash.
        case stored(requestHash: String, status: Int, body: [UInt8])
    }

    public init() {}

    /// Claims `claim` for `tenant` on a connection inside the tenant's transaction.
    /// - Throws: `PSQLError` with SQLSTATE 55P03 when the key stays in flight longer than `wait`.
    public func claim(
        _ claim: IdempotencyClaim,
        tenant: TenantID,
        now: Date,
        expiresAt: Date,
        wait: Duration,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Claim {
        // Bound the wait on an in-flight duplicate, then put back whatever bound the role or database had.
        let waitMs = String(max(1, wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000))
        var previous = "0"
        for try await setting in try await connection.query("SELECT current_setting('lock_timeout')", logger: logger).decode(String.self) {
            previous = setting
        }
        try await connection.query("SELECT set_config('lock_timeout', \(waitMs), true)", logger: logger)
        // A kept answer past its retention is gone, whether or not the purge has run yet.
        try await connection.query(
            """
            DELETE FROM idempotency_keys
            WHERE tenant_id = \(tenant.uuid) AND principal = \(claim.principal) AND operation = \(claim.operation)
              AND key = \(claim.key) AND expires_at <= \(now)
            """,
            logger: logger
        )
        let inserted = try await connection.query(
            """
            INSERT INTO idempotency_keys (tenant_id, principal, operation, key, request_hash, created_at, expires_at)
            VALUES (\(tenant.uuid), \(claim.principal), \(claim.operation), \(claim.key), \(claim.requestHash), \(now), \(expiresAt))
            ON CONFLICT DO NOTHING
            RETURNING 1
            """,
            logger: logger
        ).collect()
        try await connection.query("SELECT set_config('lock_timeout', \(previous), true)", logger: logger)
        if !inserted.isEmpty { return .claimed }

        let rows = try await connection.query(
            """
            SELECT request_hash, response_status, response_body FROM idempotency_keys
            WHERE tenant_id = \(tenant.uuid) AND principal = \(claim.principal) AND operation = \(claim.operation)
              AND key = \(claim.key)
            """,
            logger: logger
        )
        for try await (hash, status, body) in rows.decode((String, Int?, ByteBuffer?).self) {
            guard let status, let body else { break }
            return .stored(requestHash: hash, status: status, body: Array(buffer: body))
        }
        throw IdempotencyStoreError.answerMissing
    }

    /// Records the answer of the claimed key, in the effect's transaction.
    public func complete(
        _ claim: IdempotencyClaim,
        tenant: TenantID,
        status: Int,
        body: [UInt8],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE idempotency_keys SET response_status = \(status), response_body = \(ByteBuffer(bytes: body))
            WHERE tenant_id = \(tenant.uuid) AND principal = \(claim.principal) AND operation = \(claim.operation)
              AND key = \(claim.key)
            """,
            logger: logger
        )
    }

    /// Deletes kept answers whose retention ended by `now`, across tenants, in batches. Only the worker role
    /// may see every tenant's keys; the app role's unscoped query raises.
    /// - Returns: how many were deleted.
    @discardableResult
    public func purge(expiredBy now: Date, on client: PostgresClient, logger: Logger, batch: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let rows = try await client.query(
                """
                WITH expired AS (
                    SELECT tenant_id, principal, operation, key FROM idempotency_keys
                    WHERE expires_at <= \(now) LIMIT \(batch)
                )
                DELETE FROM idempotency_keys k USING expired e
                WHERE k.tenant_id = e.tenant_id AND k.principal = e.principal AND k.operation = e.operation AND k.key = e.key
                RETURNING 1
                """,
                logger: logger
            ).collect()
            total += rows.count
            if rows.count < batch { return total }
        }
    }
}

enum IdempotencyStoreError: Error {
    /// A row without an answer was visible: only possible if someone wrote the table outside this store.
    case answerMissing
}
