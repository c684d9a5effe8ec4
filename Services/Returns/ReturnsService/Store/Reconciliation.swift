import Foundation
import Models
import ServiceKit

/// One sweep of the tenant's payments against the transfers the provider holds for it (references
/// `<tenant>/<payment>`). Whatever disagrees is reported — once — and nothing is changed: an uncertain
/// payment is settled by its own lookup (``PaymentFlow``), not by a sweep.
struct Reconciliation {
    let ledger: LedgerStore
    let transfers: [(PaymentProvider.Direction, ProviderTransfer)]
    /// Whether `transfers` is everything the provider holds for the tenant (else payments it lacks are not
    /// reported missing).
    let complete: Bool
    /// When the provider was asked: a payment settled since may be missing from its lists.
    let settledBefore: Date

    /// The newest payments compared in one sweep.
    static let paymentLimit = 10_000

    struct Outcome {
        var paymentsCompared = 0
        var newlyFound = 0
    }

    func run(at now: Date) async throws -> Outcome {
        let discrepancies = DiscrepancyStore(ledger)
        let payments = try await ledger.sentPayments(limit: Self.paymentLimit)
        var byID = Dictionary(uniqueKeysWithValues: payments.map { ($0.id, $0) })
        var outcome = Outcome(paymentsCompared: payments.count)
        func report(_ kind: DiscrepancyKind, _ payment: UUID?, _ reference: String?, _ detail: String) async throws {
            if try await discrepancies.report(kind, payment: payment, providerReference: reference, detail: detail, at: now) {
                outcome.newlyFound += 1
            }
        }
        var succeededAt: [UUID: [String]] = [:]
        for (direction, transfer) in transfers {
            let paymentID = transfer.reference.split(separator: "/").last.flatMap { UUID(uuidString: String($0)) }
            var payment = paymentID.flatMap { byID[$0] }
            if payment == nil, let paymentID, let older = try await ledger.payment(paymentID) {
                byID[paymentID] = older
                payment = older
            }
            guard let payment, payment.direction == direction else {
                try await report(
                    .missingInLedger,
                    nil,
                    transfer.id,
                    "the provider holds a \(direction.rawValue) of \(transfer.amount) \(transfer.currency) (\(transfer.status), key \(transfer.idempotencyKey)) the ledger has no payment for"
                )
                continue
            }
            if transfer.succeeded { succeededAt[payment.id, default: []].append(transfer.id) }
            if transfer.amount != payment.amount.amountMinor || transfer.currency != payment.amount.currency {
                try await report(
                    .amountMismatch,
                    payment.id,
                    transfer.id,
                    "the provider holds \(transfer.amount) \(transfer.currency), the ledger \(payment.amount.amountMinor) \(payment.amount.currency)"
                )
            } else if transfer.succeeded, payment.status == .failed {
                try await report(.statusMismatch, payment.id, transfer.id, "the provider made \(transfer.id); the ledger has the payment failed")
            } else if !transfer.succeeded, payment.status == .paid, payment.providerReference == transfer.id {
                try await report(
                    .statusMismatch,
                    payment.id,
                    transfer.id,
                    "the ledger has the payment paid by \(transfer.id); the provider has it \(transfer.status)"
                )
            }
        }
        for payment in byID.values where payment.status == .paid {
            let made = succeededAt[payment.id] ?? []
            if made.count > 1 {
                try await report(
                    .statusMismatch,
                    payment.id,
                    made.joined(separator: ","),
                    "the provider made \(made.count) transfers for one payment"
                )
            } else if made.isEmpty, complete, let settled = payment.settledAt, settled < settledBefore {
                try await report(
                    .missingAtProvider,
                    payment.id,
                    payment.providerReference,
                    "the ledger has the payment paid; the provider holds no transfer for it"
                )
            }
        }
        return outcome
    }
}
