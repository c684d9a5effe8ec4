import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// What reconciliation found that the ledger and the provider disagree on. Reported, never fixed.
enum DiscrepancyKind: String, Sendable, CaseIterable {
    /// The provider holds a transfer for the tenant that the ledger has no payment for.
    case missingInLedger = "missing_in_ledger"
    /// The ledger counts a payment as made that the provider does not hold.
    case missingAtProvider = "missing_at_provider"
    case amountMismatch = "amount_mismatch"
    /// The two disagree on whether it went through (or the provider made it more than once).
    case statusMismatch = "status_mismatch"
}

struct Discrepancy: Sendable, Equatable {
    var id: UUID
    var kind: DiscrepancyKind
    var paymentID: UUID?
    var providerReference: String?
    var detail: String
    var foundAt: Date
}

/// The discrepancies reconciliation reports: each once (a later sweep finding it again adds nothing).
struct DiscrepancyStore {
    let ledger: LedgerStore

    init(_ ledger: LedgerStore) { self.ledger = ledger }

    /// Reports one; false when it was reported before.
    @discardableResult
    func report(_ kind: DiscrepancyKind, payment: UUID?, providerReference: String?, detail: String, at now: Date) async throws -> Bool {
        let rows = try await ledger.connection.query(
            """
            INSERT INTO payment_discrepancies (tenant_id, id, kind, payment_id, provider_reference, detail, found_at)
            VALUES (\(ledger.tenant.uuid), \(UUID.v7()), \(kind.rawValue), \(payment), \(providerReference), \(detail), \(now))
            ON CONFLICT DO NOTHING RETURNING id
            """,
            logger: ledger.logger
        )
        for try await _ in rows {
            ledger.logger.warning("payment discrepancy", metadata: ["kind": "\(kind.rawValue)", "payment.id": "\(payment?.wire ?? "-")"])
            return true
        }
        return false
    }

    /// The tenant's discrepancies, newest first.
    func list(limit: Int) async throws -> [Discrepancy] {
        let rows = try await ledger.connection.query(
            """
            SELECT id, kind, payment_id, provider_reference, detail, found_at FROM payment_discrepancies
            WHERE tenant_id = \(ledger.tenant.uuid) ORDER BY id DESC LIMIT \(limit)
            """,
            logger: ledger.logger
        )
        var found: [Discrepancy] = []
        for try await (id, kind, payment, reference, detail, at) in rows.decode((UUID, String, UUID?, String?, String, Date).self) {
            guard let kind = DiscrepancyKind(rawValue: kind) else { throw StoredValueError(table: "payment_discrepancies", id: id) }
            found.append(Discrepancy(id: id, kind: kind, paymentID: payment, providerReference: reference, detail: detail, foundAt: at))
        }
        return found
    }
}
