public import Foundation
public import Logging
public import Models
import NIOCore
public import PostgresNIO

/// The SQL of idempotency keys, as prepared statements. The key is claimed inside the transaction of the
/// effect, so the effect and its answer commit together: a crash before commit leaves no trace (the key is
/// free at once), a crash after commit leaves the answer for the retry.
///
/// The claim is the transaction's first statement and also sets the transaction's tenant and lock timeout
/// (one round trip): a duplicate arriving while the first is in flight waits on the first's uncommitted row
/// for at most that timeout, then it is answered `aborted`. The in-flight "lease" is therefore the first
/// request's transaction itself: it ends with the request, with a crash (PostgreSQL rolls back the
/// connection's transaction), or at the server's session timeouts. A key past its retention is taken over by
/// the claim itself, whether or not the purge has run yet.
public struct IdempotencyStore: Sendable {
    public enum Claim: Sendable {
        /// The key is ours: run the effect (and record the answer, unless the claim carried it).
        case claimed
        /// An earlier request with this key committed: its answer is to be read (``storedAnswer``).
        case taken
    }

    /// A committed answer and the hash of the body it was given for.
    public struct Stored: Sendable {
        public let requestHash: String
        public let status: Int
        public let body: [UInt8]
    }

    public init() {}

    /// Claims `claim` for `tenant` as the first statement of the transaction on `connection`: sets the
    /// transaction's tenant and lock timeout (`wait`), and records `answer` with the claim when it is known
    /// before the effect.
    /// - Throws: `PSQLError` with SQLSTATE 55P03 when the key stays in flight longer than `wait`.
    public func claim(
        _ claim: IdempotencyClaim,
        tenant: TenantID,
        now: Date,
        expiresAt: Date,
        wait: Duration,
        answer: StoredAnswer?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Claim {
        let statement = ClaimKey(
            tenant: tenant,
            lockTimeoutMs: max(1, wait.wholeMilliseconds),
            claim: claim,
            answer: answer,
            now: now,
            expiresAt: expiresAt
        )
        for try await _ in try await connection.execute(statement, logger: logger) { return .claimed }
        return .taken
    }

    /// The committed answer of a key ``claim(_:tenant:now:expiresAt:wait:answer:on:logger:)`` found taken.
    public func storedAnswer(_ claim: IdempotencyClaim, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Stored {
        for try await stored in try await connection.execute(StoredAnswerQuery(tenant: tenant, claim: claim), logger: logger) {
            if let stored { return stored }
        }
        throw IdempotencyStoreError.answerMissing
    }

    /// Records the answer of the claimed key, in the effect's transaction.
    public func complete(
        _ claim: IdempotencyClaim,
        tenant: TenantID,
        answer: StoredAnswer,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        for try await _ in try await connection.execute(RecordAnswer(tenant: tenant, claim: claim, answer: answer), logger: logger) {}
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
    /// A taken key without an answer was visible: only possible if someone wrote the table outside this store.
    case answerMissing
}

/// The transaction's settings and the claim in one statement. `set_config` returns the tenant it set and
/// the inserted row takes its `tenant_id` from it, so the setting is made before the row is checked
/// against row-level security. An expired key is taken over (`DO UPDATE … WHERE expires_at <= now`); a live
/// one returns no row.
struct ClaimKey: PostgresPreparedStatement {
    static let name = "aftersales_claim_idempotency_key"
    static let sql = """
        WITH settings AS (
            SELECT set_config('app.tenant_id', $1, true) AS tenant, set_config('lock_timeout', $2, true) AS lock_timeout
        )
        INSERT INTO idempotency_keys AS k (
            tenant_id, principal, operation, key, request_hash, response_status, response_body, created_at, expires_at
        )
        SELECT settings.tenant::uuid, $3, $4, $5, $6, $7, $8, $9, $10 FROM settings
        ON CONFLICT (tenant_id, principal, operation, key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
                response_body = EXCLUDED.response_body, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            WHERE k.expires_at <= EXCLUDED.created_at
        RETURNING 1
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .text, .text, .text, .int4, .bytea, .timestamptz, .timestamptz]
    typealias Row = Int

    let tenant: TenantID
    let lockTimeoutMs: Int
    let claim: IdempotencyClaim
    let answer: StoredAnswer?
    let now: Date
    let expiresAt: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(tenant.description)
        bindings.append(String(lockTimeoutMs))
        bindings.append(claim.principal)
        bindings.append(claim.operation)
        bindings.append(claim.key)
        bindings.append(claim.requestHash)
        if let answer {
            bindings.append(Int32(answer.status))
            bindings.append(ByteBuffer(bytes: answer.body))
        } else {
            bindings.appendNull()
            bindings.appendNull()
        }
        bindings.append(now)
        bindings.append(expiresAt)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}

/// The answer committed for a taken key (nil columns when it has none: never, outside tests of this store).
struct StoredAnswerQuery: PostgresPreparedStatement {
    static let name = "aftersales_stored_idempotent_answer"
    static let sql = """
        SELECT request_hash, response_status, response_body FROM idempotency_keys
        WHERE tenant_id = $1 AND principal = $2 AND operation = $3 AND key = $4
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .text]
    typealias Row = IdempotencyStore.Stored?

    let tenant: TenantID
    let claim: IdempotencyClaim

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(tenant.uuid)
        bindings.append(claim.principal)
        bindings.append(claim.operation)
        bindings.append(claim.key)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> IdempotencyStore.Stored? {
        let (hash, status, body) = try row.decode((String, Int?, ByteBuffer?).self)
        guard let status, let body else { return nil }
        return IdempotencyStore.Stored(requestHash: hash, status: status, body: Array(buffer: body))
    }
}

/// Records the answer of a claimed key before the effect's transaction commits.
struct RecordAnswer: PostgresPreparedStatement {
    static let name = "aftersales_record_idempotent_answer"
    static let sql = """
        UPDATE idempotency_keys SET response_status = $5, response_body = $6
        WHERE tenant_id = $1 AND principal = $2 AND operation = $3 AND key = $4
        RETURNING 1
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .text, .int4, .bytea]
    typealias Row = Int

    let tenant: TenantID
    let claim: IdempotencyClaim
    let answer: StoredAnswer

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(tenant.uuid)
        bindings.append(claim.principal)
        bindings.append(claim.operation)
        bindings.append(claim.key)
        bindings.append(Int32(answer.status))
        bindings.append(ByteBuffer(bytes: answer.body))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
