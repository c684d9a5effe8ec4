import Foundation
import Logging
import PostgresNIO

/// A payout (money to a customer) or a charge (money from one), as the sandbox records it. Every transfer
/// is final when created: `succeeded` or `failed`.
struct Transfer: Sendable {
    enum Kind: String, Sendable { case payout, charge }

    let id: String
    let kind: Kind
    let account: String
    let idempotencyKey: String
    let amount: Int64
    let currency: String
    let reference: String
    let status: String
    let failureCode: String?
    let created: Date

    var json: [String: Any] {
        var object: [String: Any] = [
            "id": id, "object": kind.rawValue, "account": account, "idempotency_key": idempotencyKey, "amount": amount,
            "currency": currency, "reference": reference, "status": status,
            "created": Instant.string(created),
        ]
        object["failure_code"] = failureCode ?? NSNull()
        return object
    }
}

/// What a create call asks for; two calls with one key must ask the same (else `idempotency_key_reused`).
struct TransferRequest: Sendable {
    let kind: Transfer.Kind
    let account: String
    let idempotencyKey: String
    let amount: Int64
    let currency: String
    let reference: String

    var fingerprint: String { "\(kind.rawValue)|\(amount)|\(currency)|\(reference)" }
}

/// The sandbox's own database: transfers and the faults set per account.
struct SandboxStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Creates the tables the first time (the sandbox owns its database).
    func prepare() async throws {
        try await client.query(
            """
            CREATE TABLE IF NOT EXISTS transfers (
                id text PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('payout', 'charge')),
                account text NOT NULL,
                idempotency_key text NOT NULL,
                fingerprint text NOT NULL,
                amount bigint NOT NULL CHECK (amount > 0),
                currency text NOT NULL,
                reference text NOT NULL,
                status text NOT NULL CHECK (status IN ('succeeded', 'failed')),
                failure_code text,
                created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                UNIQUE (account, kind, idempotency_key)
            )
            """,
            logger: logger
        )
        try await client.query("CREATE INDEX IF NOT EXISTS transfers_listing ON transfers (account, kind, created_at, id)", logger: logger)
        try await client.query(
            """
            CREATE TABLE IF NOT EXISTS account_faults (
                account text PRIMARY KEY,
                mode text NOT NULL,
                remaining integer NOT NULL CHECK (remaining >= 0)
            )
            """,
            logger: logger
        )
    }

    enum Created {
        case created(Transfer, fault: Fault?)
        case replayed(Transfer, fault: Fault?)
        case keyReused(Transfer)
    }

    /// Records `request` once per key: a repeated key answers the transfer it made. The account's armed
    /// fault (one use) is consumed in the same transaction, unless the call names its own.
    func create(_ request: TransferRequest, callFault: Fault?) async throws -> Created {
        try await client.withTransaction(logger: logger) { connection in
            var fault = callFault
            if fault == nil {
                let rows = try await connection.query(
                    """
                    UPDATE account_faults SET remaining = remaining - 1
                    WHERE account = \(request.account) AND remaining > 0 RETURNING mode
                    """,
                    logger: logger
                )
                for try await mode in rows.decode(String.self) { fault = Fault(rawValue: mode) }
            }
            let failed = fault == .fail
            let prefix = request.kind == .payout ? "po_" : "ch_"
            let id = prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(24)
            let inserted = try await connection.query(
                """
                INSERT INTO transfers (id, kind, account, idempotency_key, fingerprint, amount, currency, reference, status, failure_code)
                VALUES (\(String(id)), \(request.kind.rawValue), \(request.account), \(request.idempotencyKey), \(request.fingerprint),
                        \(request.amount), \(request.currency), \(request.reference), \(failed ? "failed" : "succeeded"),
                        \(failed ? (request.kind == .payout ? "account_closed" : "card_declined") : nil))
                ON CONFLICT (account, kind, idempotency_key) DO NOTHING
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            )
            for try await row in inserted { return .created(try Self.transfer(row), fault: fault) }
            let existing = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM transfers
                WHERE account = \(request.account) AND kind = \(request.kind.rawValue) AND idempotency_key = \(request.idempotencyKey)
                """,
                logger: logger
            )
            for try await row in existing {
                let transfer = try Self.transfer(row)
                let sameRequest = "\(transfer.kind.rawValue)|\(transfer.amount)|\(transfer.currency)|\(transfer.reference)" == request.fingerprint
                // A failed fault on a replay does not turn a recorded success into a failure.
                return sameRequest ? .replayed(transfer, fault: fault == .fail ? nil : fault) : .keyReused(transfer)
            }
            throw SandboxError.internal
        }
    }

    func find(id: String, kind: Transfer.Kind, account: String) async throws -> Transfer? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM transfers WHERE id = \(id) AND kind = \(kind.rawValue) AND account = \(account)",
            logger: logger
        )
        for try await row in rows { return try Self.transfer(row) }
        return nil
    }

    /// The account's transfers of `kind`, oldest first, filtered by key, reference prefix and creation time.
    func list(
        kind: Transfer.Kind,
        account: String,
        idempotencyKey: String?,
        referencePrefix: String?,
        createdFrom: Date?,
        createdBefore: Date?,
        limit: Int
    ) async throws -> [Transfer] {
        let pattern = referencePrefix.map {
            $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                + "%"
        }
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM transfers
            WHERE account = \(account) AND kind = \(kind.rawValue)
              AND (\(idempotencyKey)::text IS NULL OR idempotency_key = \(idempotencyKey))
              AND (\(pattern)::text IS NULL OR reference LIKE \(pattern))
              AND (\(createdFrom)::timestamptz IS NULL OR created_at >= \(createdFrom))
              AND (\(createdBefore)::timestamptz IS NULL OR created_at < \(createdBefore))
            ORDER BY created_at, id LIMIT \(limit)
            """,
            logger: logger
        )
        var found: [Transfer] = []
        for try await row in rows { found.append(try Self.transfer(row)) }
        return found
    }

    /// Arms `mode` for the account's next `count` create calls (0 disarms).
    func arm(_ mode: Fault, count: Int, account: String) async throws {
        try await client.query(
            """
            INSERT INTO account_faults (account, mode, remaining) VALUES (\(account), \(mode.rawValue), \(count))
            ON CONFLICT (account) DO UPDATE SET mode = EXCLUDED.mode, remaining = EXCLUDED.remaining
            """,
            logger: logger
        )
    }

    static let columns = "id, kind, account, idempotency_key, amount, currency, reference, status, failure_code, created_at"

    static func transfer(_ row: PostgresRow) throws -> Transfer {
        let (id, kind, account, key, amount, currency, reference, status, failure, created) = try row.decode(
            (String, String, String, String, Int64, String, String, String, String?, Date).self
        )
        return Transfer(
            id: id,
            kind: Transfer.Kind(rawValue: kind) ?? .payout,
            account: account,
            idempotencyKey: key,
            amount: amount,
            currency: currency,
            reference: reference,
            status: status,
            failureCode: failure,
            created: created
        )
    }
}

/// What a create call does wrong on purpose (API.md "Fault modes").
enum Fault: String, Sendable, CaseIterable {
    /// The transfer is recorded as failed (`account_closed`, `card_declined`).
    case fail
    /// Recorded as succeeded; the answer is held back (SANDBOX_TIMEOUT_HOLD_SECONDS), past any client's timeout.
    case timeout
    /// Recorded as succeeded; the answer comes after SANDBOX_LATE_MS.
    case late
    /// Recorded as succeeded; the connection is cut before the answer is complete.
    case loseAnswer = "lose_answer"
    /// Recorded as succeeded; the process then dies (SIGKILL) before answering.
    case crash
}

enum SandboxError: Error {
    case `internal`
}

/// RFC 3339 instants as the API writes and reads them.
enum Instant {
    static func string(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }

    static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
