import Foundation
import Models
import ReturnsAPI
import ServiceKit

/// The merchant's side, its partner API (rules.md §3.1 PDD-06 … PDD-16): approve, reject with a reason and
/// evidence, offer a partial refund, confirm the returned item's receipt. A merchant token reaches only the
/// requests addressed to it; a request in platform review is the arbitrator's, not the merchant's.
extension ReturnsHandlers {
    func approveReturnRequest(_ input: Operations.ApproveReturnRequest.Input) async throws -> Operations.ApproveReturnRequest.Output {
        try await answering { caller in
            let body = input.request
            let note = try FieldChecks.optionalText(body.note, "note", max: 500)
            return .ok(try await step(body.returnRequestId, caller, .merchantApprove, note: note))
        }
    }

    func rejectReturnRequest(_ input: Operations.RejectReturnRequest.Input) async throws -> Operations.RejectReturnRequest.Output {
        try await answering { caller in
            let body = input.request
            var checks = FieldChecks()
            let reason = checks.text(body.reason, "reason", max: 1000)
            let evidence = checks.evidence((body.evidence ?? []).map(EvidenceReference.init))
            if let error = checks.error { throw error }
            return .ok(
                try await step(
                    body.returnRequestId,
                    caller,
                    .merchantReject,
                    note: reason,
                    record: { request, _, now in
                        request.rejection = MerchantRejection(reason: reason, evidence: evidence, rejectedAt: now)
                        request.offer = nil
                    }
                )
            )
        }
    }

    func offerPartialRefund(_ input: Operations.OfferPartialRefund.Input) async throws -> Operations.OfferPartialRefund.Output {
        try await answering { caller in
            let body = input.request
            var checks = FieldChecks()
            let amount = checks.money(body.amount, "amount", range: 1...ReturnApplication.maxAmountMinor)
            let note = checks.optionalText(body.note, "note", max: 500)
            if let error = checks.error { throw error }
            return .ok(
                try await step(
                    body.returnRequestId,
                    caller,
                    .merchantOfferPartialRefund,
                    note: note,
                    record: { request, _, _ in
                        let asked = request.application.amount
                        guard amount.currency == asked.currency else {
                            throw ErrorBody.failedPrecondition("amount.currency", "must be \(asked.currency), the request's currency")
                        }
                        guard amount.amountMinor < asked.amountMinor else {
                            throw ErrorBody.failedPrecondition(
                                "amount.amountMinor",
                                "must be below the \(asked.amountMinor) asked (a partial refund)"
                            )
                        }
                        request.offer = amount
                    }
                )
            )
        }
    }

    func confirmReturnReceipt(_ input: Operations.ConfirmReturnReceipt.Input) async throws -> Operations.ConfirmReturnReceipt.Output {
        try await answering { caller in
            let body = input.request
            var checks = FieldChecks()
            let note = body.acceptable ? checks.optionalText(body.note, "note", max: 500) : checks.text(body.note ?? "", "note", max: 500)
            if let error = checks.error { throw error }
            let acceptable = body.acceptable
            return .ok(
                try await step(
                    body.returnRequestId,
                    caller,
                    .merchantConfirmReceipt(acceptable: acceptable),
                    note: note,
                    record: { request, _, now in
                        request.receipt = ReturnReceipt(acceptable: acceptable, note: note, confirmedAt: now)
                    }
                )
            )
        }
    }
}
