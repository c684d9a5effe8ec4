import DispatchAPI
import Foundation
import Models
import ServiceKit

/// The merchant scorecard for dashboards; a merchant reads its own.
extension DispatchHandlers {
    func getMerchantScorecard(_ input: Operations.GetMerchantScorecard.Input) async throws -> Operations.GetMerchantScorecard.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let named = checks.optionalUUID(request.merchantId, "merchantId")
            if request.to <= request.from { checks.fail("to", "must be after from") }
            if request.to.timeIntervalSince(request.from) > 366 * 86_400 { checks.fail("to", "must be at most 366 days after from") }
            try checks.throwIfFailed()
            if let scope = caller.merchantScope, let named, named != scope { throw ErrorBody.notFound("merchant \(named.wire)") }
            let merchant = caller.merchantScope ?? named
            let cards = try await environment.read(caller) { connection in
                try await ScorecardStore().scorecards(
                    tenant: caller.tenant,
                    from: request.from,
                    to: request.to,
                    merchant: merchant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(from: request.from, to: request.to, merchants: cards.map(Components.Schemas.MerchantScorecard.init)))
        }
    }
}
