import Foundation
import Models
import ServiceKit

/// What the ledger writes when a refund is decided, a compensation granted or an exchange settled — each
/// with its payment, in the transaction of the step that caused it.
enum RefundBooks {
    /// The approved refund's lines (``RefundLedger/lines(for:type:pricePaid:judgement:postage:)``) and its one
    /// payout. A refund the ledger cannot record (beyond the price without a rule) refuses the step.
    static func refundApproved(_ request: ReturnRequest, known: KnownCase?, actor: String, writer: RequestWriter) async throws {
        guard let decision = request.refund else { return }
        let lines: [LedgerLine]
        do {
            lines = try RefundLedger.lines(
                for: decision,
                type: request.application.type,
                pricePaid: known?.pricePaid,
                judgement: known?.judgement,
                postage: request.shipment?.postage
            )
        } catch {
            throw ErrorBody.failedPrecondition("amount", error.description)
        }
        let total = RefundLedger.total(lines, currency: decision.amount.currency)
        guard total.amountMinor > 0 else { return }
        let payment = Payment.opening(
            .payout,
            .refund,
            total,
            caseID: request.application.caseID,
            request: request.id,
            merchant: request.application.merchantID,
            at: writer.now
        )
        _ = try await PaymentFlow.open(payment, lines: lines, actor: actor, writer: writer)
    }
}
