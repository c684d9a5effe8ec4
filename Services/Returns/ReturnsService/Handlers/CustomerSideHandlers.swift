import Foundation
import Models
import ReturnsAPI
import ServiceKit

/// The customer's side — an agent, or the storefront for its customer (rules.md §3.1 PDD-07 … PDD-15):
/// withdraw, edit and resubmit after a rejection, answer a partial offer, ship the return, ask for review.
extension ReturnsHandlers {
    func withdrawReturnRequest(_ input: Operations.WithdrawReturnRequest.Input) async throws -> Operations.WithdrawReturnRequest.Output {
        try await answering { caller in
            let body = input.request
            let reason = try FieldChecks.optionalText(body.reason, "reason", max: 500)
            return .ok(try await step(body.returnRequestId, caller, .customerWithdraw, note: reason))
        }
    }

    func resubmitReturnRequest(_ input: Operations.ResubmitReturnRequest.Input) async throws -> Operations.ResubmitReturnRequest.Output {
        try await answering { caller in
            let body = input.request
            return .ok(
                try await step(
                    body.returnRequestId,
                    caller,
                    .customerResubmit,
                    record: { request, known, now in
                        let edited = try request.application.edited(
                            amount: body.amount,
                            reason: body.reason,
                            evidence: body.evidence.map { $0.map(EvidenceReference.init) }
                        ).get()
                        // PDD-08, T-06: resubmitted only inside the validity window, within what the case allows.
                        let resolution = ReturnDeadlines.resolution(of: edited.type)
                        if let problem = known?.judgement?.windowProblem(for: resolution, at: now) {
                            throw ErrorBody.failedPrecondition("returnRequestId", problem)
                        }
                        if let known, let problem = ReturnAdmission.amountProblem(edited, known: known) { throw problem }
                        request.application = edited
                        request.offer = nil
                    }
                )
            )
        }
    }

    func answerRefundOffer(_ input: Operations.AnswerRefundOffer.Input) async throws -> Operations.AnswerRefundOffer.Output {
        try await answering { caller in
            let body = input.request
            let grant: @Sendable (ReturnRequest) -> RequestSteps.Grant? = { request in
                RequestSteps.Grant(amount: request.offer, decidedBy: .customerAcceptedOffer)
            }
            let action: ReturnAction = body.accept ? .customerAcceptOffer : .customerDeclineOffer
            return .ok(try await step(body.returnRequestId, caller, action, grant: grant))
        }
    }

    func shipReturn(_ input: Operations.ShipReturn.Input) async throws -> Operations.ShipReturn.Output {
        try await answering { caller in
            let body = input.request
            var checks = FieldChecks()
            let carrier = checks.text(body.carrier, "carrier", max: 64)
            let tracking = checks.trackingNumber(body.trackingNumber)
            if let postage = body.postage, postage.amountMinor <= 0 { checks.fail("postage.amountMinor", "must be above zero") }
            if let error = checks.error { throw error }
            let postage = body.postage
            return .ok(
                try await step(
                    body.returnRequestId,
                    caller,
                    .customerShipReturn,
                    note: "\(carrier) \(tracking)",
                    record: { request, known, now in
                        if let postage, let price = known?.pricePaid, price.currency != postage.currency {
                            throw ErrorBody.failedPrecondition("postage.currency", "is not the case's currency (\(price.currency))")
                        }
                        request.shipment = ReturnShipment(carrier: carrier, trackingNumber: tracking, shippedAt: now, postage: postage)
                    }
                )
            )
        }
    }

    func askPlatformReview(_ input: Operations.AskPlatformReview.Input) async throws -> Operations.AskPlatformReview.Output {
        try await answering { caller in
            let body = input.request
            let reason = try FieldChecks.text(body.reason, "reason", max: 1000)
            return .ok(
                try await step(body.returnRequestId, caller, .customerAskReview, note: reason)
            )
        }
    }
}

extension FieldChecks {
    /// A parcel's tracking number (the return's, the replacement's): 4–40 letters, digits or dashes.
    mutating func trackingNumber(_ value: String, _ field: String = "trackingNumber") -> String {
        let tracking = text(value, field, max: 40)
        if tracking.count < 4
            || !tracking.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
        {
            fail(field, "must be 4–40 letters, digits or dashes")
        }
        return tracking
    }
}
