import Foundation
import Models
import ReturnsAPI
import ServiceKit

/// The platform's review (rules.md §3.2, PDD-04): the `platform_arbitrator` decides a request in review —
/// support the buyer, support the merchant, or a partial refund. The arbitrator only reviews: it files,
/// answers and withdraws nothing.
extension ReturnsHandlers {
    func arbitrateReturnRequest(_ input: Operations.ArbitrateReturnRequest.Input) async throws -> Operations.ArbitrateReturnRequest.Output {
        try await answering { caller in
            let body = input.request
            guard let decision = ReviewDecision(rawValue: body.decision.rawValue) else {
                throw ErrorBody.invalidArgument([FieldViolation(field: "decision", reason: "must be support_buyer, support_merchant or partial")])
            }
            var checks = FieldChecks()
            let note = checks.text(body.note, "note", max: 1000)
            var granted: Money?
            switch (decision, body.amount) {
            case (.partial, let given?): granted = checks.money(given, "amount", range: 1...ReturnApplication.maxAmountMinor)
            case (.partial, nil): checks.fail("amount", "is required with a partial decision")
            case (_, .some): checks.fail("amount", "is only for a partial decision")
            case (_, nil): break
            }
            if let error = checks.error { throw error }
            let amount = granted
            let arbitrator = caller.principal.subject
            let grant: @Sendable (ReturnRequest) -> RequestSteps.Grant? = { _ in RequestSteps.Grant(amount: amount, decidedBy: .arbitrator) }
            return .ok(
                try await step(
                    body.returnRequestId,
                    caller,
                    .arbitrate(decision),
                    note: note,
                    grant: grant,
                    record: { request, _, now in
                        if let amount {
                            let asked = request.application.amount
                            guard amount.currency == asked.currency else {
                                throw ErrorBody.failedPrecondition("amount.currency", "must be \(asked.currency), the request's currency")
                            }
                            guard amount.amountMinor <= asked.amountMinor else {
                                throw ErrorBody.failedPrecondition("amount.amountMinor", "must be at most the \(asked.amountMinor) asked")
                            }
                        }
                        let recorded = ReviewDecision.Recorded(
                            outcome: decision.rawValue,
                            amount: amount,
                            note: note,
                            decidedBy: arbitrator,
                            decidedAt: now
                        )
                        var review = request.review ?? PlatformReview(askedReason: nil, askedAt: now, decision: nil)
                        review.decision = recorded
                        request.review = review
                    }
                )
            )
        }
    }
}
