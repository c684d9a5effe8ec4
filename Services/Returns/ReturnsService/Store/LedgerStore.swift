import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Where a payment stands: `waiting` to be sent (the call and its answer are recorded in one transaction, so
/// a call in flight is still `waiting`), `uncertain` (no answer: reconciliation looks it up), `paid` (for a
/// charge: collected) or `failed`.
enum PaymentStatus: String, Sendable, CaseIterable {
    case waiting, uncertain, paid, failed

    var isOpen: Bool { self == .waiting || self == .uncertain }
}

/// A payout to the customer, or a charge collected from them, settling ledger entries at the provider.
struct Payment: Sendable, Equatable {
    var id: UUID
    var caseID: UUID
    var returnRequestID: UUID?
    var merchantID: UUID?
    var direction: PaymentProvider.Direction
    var purpose: PaymentPurpose
    var amount: Money
    var status: PaymentStatus
    var attempt: Int
    var providerReference: String?
    var failure: String?
    var createdAt: Date
    var updatedAt: Date
    var settledAt: Date?

    /// A payment of `amount` about to be opened: waiting, first attempt.
    static func opening(
        _ direction: PaymentProvider.Direction,
        _ purpose: PaymentPurpose,
        _ amount: Money,
        caseID: UUID,
        request: UUID?,
        merchant: UUID?,
        at now: Date
    ) -> Payment {
        Payment(
            id: .v7(),
            caseID: caseID,
            returnRequestID: request,
            merchantID: merchant,
            direction: direction,
            purpose: purpose,
            amount: amount,
            status: .waiting,
            attempt: 1,
            createdAt: now,
            updatedAt: now
        )
    }

    /// The provider's idempotency key: one per attempt, so a retry of a failed payment is a new transfer
    /// and a repeated call of one attempt is the same transfer.
    var providerKey: String { "\(id.wire)-\(attempt)" }

    /// The provider's reference: the tenant and the payment, which reconciliation matches on.
    func reference(_ tenant: TenantID) -> String { "\(tenant.description)/\(id.wire)" }
}

/// An entry of the ledger as recorded (never edited).
struct LedgerEntry: Sendable, Equatable {
    var id: UUID
    var caseID: UUID
    var returnRequestID: UUID?
    var merchantID: UUID?
    var paymentID: UUID?
    var kind: LedgerEntryKind
    var amount: Money
    var ruleIds: [String]
    var note: String?
    var corrects: UUID?
    var recordedBy: String
    var recordedAt: Date
}

/// All of the ledger's SQL: entries appended, payments opened and moved, read back per case, by status and by
/// day. Every statement binds its values and runs in a tenant-scoped transaction (row-level security).
struct LedgerStore {
    let tenant: TenantID
    let connection: PostgresConnection
    let logger: Logger

    /// Appends `lines` for the case; returns the new entries' ids in order.
    @discardableResult
    func append(
        _ lines: [LedgerLine],
        caseID: UUID,
        request: UUID?,
        merchant: UUID?,
        payment: UUID?,
        corrects: UUID? = nil,
        by actor: String,
        at now: Date
    ) async throws -> [UUID] {
        var ids: [UUID] = []
        for line in lines {
            let id = UUID.v7()
            try await connection.query(
                """
                INSERT INTO ledger_entries (tenant_id, id, case_id, return_request_id, merchant_id, payment_id, kind, amount_minor, currency,
                                            rule_ids, note, corrects, recorded_by, recorded_at)
                VALUES (\(tenant.uuid), \(id), \(caseID), \(request), \(merchant), \(payment), \(line.kind.rawValue), \(line.amount.amountMinor),
                        \(line.amount.currency), \(line.ruleIds), \(line.note), \(corrects), \(actor), \(now))
                """,
                logger: logger
            )
            ids.append(id)
        }
        return ids
    }

    /// Opens `payment`; false (nothing written) when its request already has one for the same purpose.
    func open(_ payment: Payment) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO payments (tenant_id, id, case_id, return_request_id, merchant_id, direction, purpose, amount_minor, currency, status,
                                  attempt, created_at, updated_at)
            VALUES (\(tenant.uuid), \(payment.id), \(payment.caseID), \(payment.returnRequestID), \(payment.merchantID),
                    \(payment.direction.rawValue), \(payment.purpose.rawValue), \(payment.amount.amountMinor), \(payment.amount.currency),
                    \(payment.status.rawValue), \(payment.attempt), \(payment.createdAt), \(payment.updatedAt))
            ON CONFLICT (tenant_id, return_request_id, purpose) WHERE return_request_id IS NOT NULL DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The payment, locked for a step when `locked`.
    func payment(_ id: UUID, locked: Bool = false) async throws -> Payment? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.paymentColumns) FROM payments WHERE tenant_id = \(tenant.uuid) AND id = \(id) \(unescaped: locked ? "FOR UPDATE" : "")",
            logger: logger
        )
        for try await row in rows { return try Self.payment(row) }
        return nil
    }

    func save(_ payment: Payment) async throws {
        try await connection.query(
            """
            UPDATE payments SET status = \(payment.status.rawValue), attempt = \(payment.attempt), provider_reference = \(payment.providerReference),
                   failure = \(payment.failure), updated_at = \(payment.updatedAt), settled_at = \(payment.settledAt)
            WHERE tenant_id = \(tenant.uuid) AND id = \(payment.id)
            """,
            logger: logger
        )
    }

    func entries(ofCase caseID: UUID) async throws -> [LedgerEntry] {
        try await entries(
            """
            SELECT \(unescaped: Self.entryColumns)
            FROM ledger_entries WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) ORDER BY recorded_at, id
            """
        )
    }

    /// One entry.
    func entry(_ id: UUID) async throws -> LedgerEntry? {
        try await entries("SELECT \(unescaped: Self.entryColumns) FROM ledger_entries WHERE tenant_id = \(tenant.uuid) AND id = \(id)").first
    }

    static let entryColumns =
        "id, case_id, return_request_id, merchant_id, payment_id, kind, amount_minor, currency::text, rule_ids, note, corrects, recorded_by, recorded_at"

    private func entries(_ query: PostgresQuery) async throws -> [LedgerEntry] {
        let rows = try await connection.query(query, logger: logger)
        var entries: [LedgerEntry] = []
        for try await (id, caseID, request, merchant, payment, kind, minor, currency, rules, note, corrects, by, at) in rows.decode(
            (UUID, UUID, UUID?, UUID?, UUID?, String, Int64, String, [String], String?, UUID?, String, Date).self
        ) {
            guard let kind = LedgerEntryKind(rawValue: kind) else { throw StoredValueError(table: "ledger_entries", id: id) }
            entries.append(
                LedgerEntry(
                    id: id,
                    caseID: caseID,
                    returnRequestID: request,
                    merchantID: merchant,
                    paymentID: payment,
                    kind: kind,
                    amount: Money(currency: currency, amountMinor: minor),
                    ruleIds: rules,
                    note: note,
                    corrects: corrects,
                    recordedBy: by,
                    recordedAt: at
                )
            )
        }
        return entries
    }

    /// The case's payments, oldest first.
    func payments(ofCase caseID: UUID) async throws -> [Payment] {
        try await payments(
            "SELECT \(unescaped: Self.paymentColumns) FROM payments WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) ORDER BY created_at, id"
        )
    }

    /// A page of payments in `statuses`, after `after` in id order.
    func payments(in statuses: [PaymentStatus], after: UUID?, limit: Int) async throws -> [Payment] {
        try await payments(
            """
            SELECT \(unescaped: Self.paymentColumns) FROM payments
            WHERE tenant_id = \(tenant.uuid) AND status = ANY(\(statuses.map(\.rawValue))::text[]) AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """
        )
    }

    /// Every payment that went to the provider (for reconciliation), newest first, at most `limit`.
    func sentPayments(limit: Int) async throws -> [Payment] {
        try await payments(
            """
            SELECT \(unescaped: Self.paymentColumns) FROM payments
            WHERE tenant_id = \(tenant.uuid) AND status <> 'waiting' ORDER BY id DESC LIMIT \(limit)
            """
        )
    }

    private func payments(_ query: PostgresQuery) async throws -> [Payment] {
        var found: [Payment] = []
        for try await row in try await connection.query(query, logger: logger) { found.append(try Self.payment(row)) }
        return found
    }

    static let paymentColumns = """
        id, case_id, return_request_id, merchant_id, direction, purpose, amount_minor, currency::text AS currency, status, attempt,
        provider_reference, failure, created_at, updated_at, settled_at
        """

    static func payment(_ row: PostgresRow) throws -> Payment {
        let (id, caseID, request, merchant, direction, purpose, minor, currency, status, attempt, reference, failure, created, updated, settled) =
            try row.decode((UUID, UUID, UUID?, UUID?, String, String, Int64, String, String, Int, String?, String?, Date, Date, Date?).self)
        guard let direction = PaymentProvider.Direction(rawValue: direction) else { throw StoredValueError(table: "payments", id: id) }
        guard let purpose = PaymentPurpose(rawValue: purpose) else { throw StoredValueError(table: "payments", id: id) }
        guard let status = PaymentStatus(rawValue: status) else { throw StoredValueError(table: "payments", id: id) }
        return Payment(
            id: id,
            caseID: caseID,
            returnRequestID: request,
            merchantID: merchant,
            direction: direction,
            purpose: purpose,
            amount: Money(currency: currency, amountMinor: minor),
            status: status,
            attempt: attempt,
            providerReference: reference,
            failure: failure,
            createdAt: created,
            updatedAt: updated,
            settledAt: settled
        )
    }
}
