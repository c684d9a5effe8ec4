import Foundation
import Models
import PostgresNIO
import ReturnsAPI
import ServiceKit

/// Exchanges after the returned item is received (`replacement_due`): the price difference settled both ways
/// (LG-07 多退少补) — charged before the replacement may ship, or paid back — once per order where LG-14
/// applies, and the replacement's shipment.
extension ReturnsHandlers {
    static let exchangeDesk: Set<Role> = merchantSide.union([.csAgent, .supervisor, .tenantAdmin])

    func settleExchange(_ input: Operations.SettleExchange.Input) async throws -> Operations.SettleExchange.Output {
        try await answering { caller in
            let body = input.request
            let id = try FieldChecks.uuid(body.returnRequestId, "returnRequestId")
            var checks = FieldChecks()
            let name = checks.text(body.replacement.name, "replacement.name", max: 200)
            let model = checks.optionalText(body.replacement.model, "replacement.model", max: 100)
            if body.replacementPrice.amountMinor <= 0 { checks.fail("replacementPrice.amountMinor", "must be above zero") }
            if let error = checks.error { throw error }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { [store] connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                let writer = RequestWriter(connection, tenant: tenant, now: now, logger: logger, outbox: environment.outbox)
                guard var request = try await store.find(id, scope: ReturnScope(caller), locked: true, tenant: tenant, on: connection, logger: logger)
                else { throw ErrorBody.notFound("return request \(id.wire)") }
                guard request.application.type == .exchange, request.status == .replacementDue else {
                    throw ErrorBody.failedPrecondition("returnRequestId", "only an exchange whose item was received (replacement_due) is settled")
                }
                let known = try await CaseDirectoryStore().find(request.application.caseID, tenant: tenant, on: connection, logger: logger)
                guard let price = known?.pricePaid else { throw ErrorBody.failedPrecondition("returnRequestId", "the case states no price paid") }
                let ledger = LedgerStore(tenant: tenant, connection: connection, logger: logger)
                let exchanges = ExchangeStore(ledger)
                if let order = known?.orderNumber { try await exchanges.lockOrder(order) }
                if let rule = RefundLedger.oncePerOrderRule(for: .exchange, judgement: known?.judgement), let order = known?.orderNumber,
                    try await exchanges.orderAlreadyReturned(order, excluding: request.id)
                {
                    throw ErrorBody.failedPrecondition(
                        "returnRequestId",
                        "order \(order) already had a return or exchange; the policy allows one per order (\(rule.ruleIds.joined(separator: ", ")))"
                    )
                }
                let line: LedgerLine?
                do {
                    line = try RefundLedger.priceDifference(
                        pricePaid: price,
                        replacementPrice: body.replacementPrice,
                        ruleIds: Self.differenceRules(known)
                    )
                } catch {
                    throw ErrorBody.failedPrecondition("replacementPrice.currency", "is not the case's currency (\(price.currency))")
                }
                var exchange = Exchange(
                    returnRequestID: request.id,
                    caseID: request.application.caseID,
                    orderNumber: known?.orderNumber,
                    replacement: .init(name: name, model: model),
                    pricePaid: price,
                    replacementPrice: body.replacementPrice,
                    paymentID: nil,
                    status: (line?.amount.amountMinor ?? 0) < 0 ? .awaitingPayment : .readyToShip,
                    shipment: nil
                )
                var payment: Payment?
                if let line {
                    payment = Payment.opening(
                        line.amount.amountMinor < 0 ? .charge : .payout,
                        .priceDifference,
                        Money(currency: price.currency, amountMinor: abs(line.amount.amountMinor)),
                        caseID: exchange.caseID,
                        request: request.id,
                        merchant: request.application.merchantID,
                        at: now
                    )
                    exchange.paymentID = payment?.id
                }
                guard try await exchanges.insert(exchange, at: now) else {
                    throw ErrorBody.alreadyExists("returnRequestId", "the exchange is settled already")
                }
                if let payment, let line {
                    _ = try await PaymentFlow.open(payment, lines: [line], actor: caller.principal.subject, writer: writer)
                }
                let difference = exchange.priceDifference.amountMinor
                let note = "replacement \(name): difference \(difference) \(price.currency)"
                try await writer.save(
                    &request,
                    from: request.status,
                    step: ReturnSteps.exchangeSettled,
                    actor: caller.principal.subject,
                    note: note,
                    timers: []
                )
                return Components.Schemas.Exchange(exchange)
            }
            caller.logger.info("exchange settled", metadata: ["return_request.id": "\(id.wire)", "status": "\(answer.status.rawValue)"])
            return .ok(answer)
        }
    }

    func shipReplacement(_ input: Operations.ShipReplacement.Input) async throws -> Operations.ShipReplacement.Output {
        try await answering { caller in
            let body = input.request
            let id = try FieldChecks.uuid(body.returnRequestId, "returnRequestId")
            var checks = FieldChecks()
            let carrier = checks.text(body.carrier, "carrier", max: 64)
            let tracking = checks.trackingNumber(body.trackingNumber)
            if let error = checks.error { throw error }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { [store] connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                guard var request = try await store.find(id, scope: ReturnScope(caller), locked: true, tenant: tenant, on: connection, logger: logger)
                else { throw ErrorBody.notFound("return request \(id.wire)") }
                let exchanges = ExchangeStore(LedgerStore(tenant: tenant, connection: connection, logger: logger))
                guard var exchange = try await exchanges.find(id, locked: true) else { throw ErrorBody.notFound("exchange of \(id.wire)") }
                switch exchange.status {
                case .awaitingPayment:
                    throw ErrorBody.failedPrecondition(
                        "returnRequestId",
                        "the price difference of \(-exchange.priceDifference.amountMinor) \(exchange.pricePaid.currency) is not yet collected"
                    )
                case .shipped:
                    throw ErrorBody.failedPrecondition("returnRequestId", "the replacement shipped already")
                case .readyToShip:
                    break
                }
                let shipment = ReturnShipment(carrier: carrier, trackingNumber: tracking, shippedAt: now)
                try await exchanges.shipped(id, shipment, at: now)
                exchange.status = .shipped
                exchange.shipment = shipment
                let writer = RequestWriter(connection, tenant: tenant, now: now, logger: logger, outbox: environment.outbox)
                try await writer.save(
                    &request,
                    from: request.status,
                    step: ReturnSteps.replacementShipped,
                    actor: caller.principal.subject,
                    note: "\(carrier) \(tracking)",
                    timers: []
                )
                return Components.Schemas.Exchange(exchange)
            }
            return .ok(answer)
        }
    }

    /// The rules behind settling the difference: the case's exchange reasons that state it (LG-07), if any.
    static func differenceRules(_ known: KnownCase?) -> [String] {
        guard let judgement = known?.judgement, judgement.requestedResolution == .exchange else { return [] }
        return Array(Set(judgement.reasons.filter { $0.kind == .priceDifference || $0.kind == .note }.flatMap(\.ruleIds))).sorted()
    }
}
