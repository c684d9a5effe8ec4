import Foundation
import Models
import PostgresNIO
import ReturnsAPI
import ServiceKit

/// The refund ledger's operations for finance and staff: a case's ledger, payments waiting or uncertain,
/// retries, reconciliation against the provider, refunds by day and merchant, small compensations.
extension ReturnsHandlers {
    static let financeDesk: Set<Role> = [.finance, .tenantAdmin]
    static let ledgerReaders: Set<Role> = [.finance, .tenantAdmin, .supervisor, .csAgent, .dashboardReader, .platformArbitrator]

    func getCaseLedger(_ input: Operations.GetCaseLedger.Input) async throws -> Operations.GetCaseLedger.Output {
        try await answering { caller in
            let caseID = try FieldChecks.uuid(input.request.caseId, "caseId")
            let answer = try await environment.read(caller) { connection -> Components.Schemas.CaseLedger? in
                let ledger = LedgerStore(tenant: caller.tenant, connection: connection, logger: caller.logger)
                let entries = try await ledger.entries(ofCase: caseID)
                let known = try await CaseDirectoryStore().find(caseID, tenant: caller.tenant, on: connection, logger: caller.logger)
                guard known != nil || !entries.isEmpty else { return nil }
                let currency = entries.first?.amount.currency ?? known?.pricePaid?.currency ?? "CNY"
                return Components.Schemas.CaseLedger(
                    caseId: caseID.wire,
                    entries: entries.map(Components.Schemas.LedgerEntry.init),
                    payments: try await ledger.payments(ofCase: caseID).map(Components.Schemas.Payment.init),
                    exchanges: try await ExchangeStore(ledger).exchanges(ofCase: caseID).map(Components.Schemas.Exchange.init),
                    balance: RefundLedger.total(entries.map { LedgerLine($0.kind, $0.amount) }, currency: currency)
                )
            }
            guard let answer else { throw ErrorBody.notFound("case \(caseID.wire)") }
            return .ok(answer)
        }
    }

    func listPayments(_ input: Operations.ListPayments.Input) async throws -> Operations.ListPayments.Output {
        try await answering { caller in
            let asked = (input.request.statuses ?? []).compactMap { PaymentStatus(rawValue: $0.rawValue) }
            guard asked.count <= PaymentStatus.allCases.count, Set(asked).count == asked.count else {
                throw ErrorBody.invalidArgument("statuses", "names each status at most once")
            }
            let statuses = asked.isEmpty ? PaymentStatus.allCases.filter(\.isOpen) : Array(Set(asked)).sorted { $0.rawValue < $1.rawValue }
            let page = try await environment.page(
                caller,
                operation: "ListPayments",
                filter: statuses.map(\.rawValue).joined(separator: ","),
                pageSize: input.request.pageSize,
                pageToken: input.request.pageToken,
                id: { UUID(uuidString: $0.paymentId) ?? UUID() }
            ) { after, limit, connection in
                try await LedgerStore(tenant: caller.tenant, connection: connection, logger: caller.logger)
                    .payments(in: statuses, after: after, limit: limit).map(Components.Schemas.Payment.init)
            }
            return .ok(.init(payments: page.rows, nextPageToken: page.nextPageToken))
        }
    }

    func retryPayment(_ input: Operations.RetryPayment.Input) async throws -> Operations.RetryPayment.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.paymentId, "paymentId")
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let ledger = LedgerStore(tenant: caller.tenant, connection: connection, logger: caller.logger)
                let writer = RequestWriter(connection, tenant: caller.tenant, now: now, logger: caller.logger, outbox: environment.outbox)
                // The payment's pending timers first (the worker's lock order: timer, then payment), so a retry
                // replaces them rather than adding another.
                try await PaymentFlow.cancelTimers(of: id, writer: writer)
                guard var payment = try await ledger.payment(id, locked: true) else { throw ErrorBody.notFound("payment \(id.wire)") }
                switch payment.status {
                case .paid:
                    throw ErrorBody.failedPrecondition("paymentId", "the payment is paid (\(payment.providerReference ?? "")): it is not sent again")
                case .failed:
                    // A new attempt is a new transfer at the provider (a new key); the failed one stays as it was.
                    payment.attempt += 1
                    payment.status = .waiting
                    payment.updatedAt = now
                    try await ledger.save(payment)
                    try await PaymentFlow.schedule(PaymentFlow.payKind, id, at: now, writer: writer)
                case .waiting:
                    try await PaymentFlow.schedule(PaymentFlow.payKind, id, at: now, writer: writer)
                case .uncertain:
                    try await PaymentFlow.schedule(PaymentFlow.checkKind, id, at: now, writer: writer)
                }
                return Components.Schemas.Payment(payment)
            }
            caller.logger.info("payment retried", metadata: ["payment.id": "\(id.wire)"])
            return .ok(answer)
        }
    }

    func reconcilePayments(_ input: Operations.ReconcilePayments.Input) async throws -> Operations.ReconcilePayments.Output {
        try await answering { caller in
            let provider = PaymentProvider(settings: PaymentSettings(settings: environment.settings))
            guard provider.configured else { throw ErrorBody.failedPrecondition("payments.api_key", "no payment provider is configured") }
            // Payments settled from here on may be missing from the lists: they are not reported missing.
            let started = environment.clock.now()
            var transfers: [(PaymentProvider.Direction, ProviderTransfer)] = []
            var complete = true
            for direction in [PaymentProvider.Direction.payout, .charge] {
                switch await provider.listAll(direction, referencePrefix: "\(caller.tenant.description)/") {
                case .success(let (found, whole)):
                    transfers += found.map { (direction, $0) }
                    if !whole { complete = false }
                case .failure(let failure): throw ErrorBody(code: .unavailable, message: "the payment provider did not answer: \(failure.reason)")
                }
            }
            let now = environment.clock.now()
            let (held, wholeList) = (transfers, complete)
            let answer = try await environment.mutate(caller) { connection in
                let ledger = LedgerStore(tenant: caller.tenant, connection: connection, logger: caller.logger)
                let sweep = try await Reconciliation(ledger: ledger, transfers: held, complete: wholeList, settledBefore: started).run(at: now)
                return Components.Schemas.Reconciliation(
                    paymentsCompared: Int64(sweep.paymentsCompared),
                    transfersCompared: Int64(held.count),
                    newDiscrepancies: Int64(sweep.newlyFound),
                    discrepancies: try await DiscrepancyStore(ledger).list(limit: 100).map(Components.Schemas.Discrepancy.init)
                )
            }
            caller.logger.info("payments reconciled", metadata: ["new_discrepancies": "\(answer.newDiscrepancies)"])
            return .ok(answer)
        }
    }

    func refundTotals(_ input: Operations.RefundTotals.Input) async throws -> Operations.RefundTotals.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let from = LocalDate(iso: input.request.from)
            let to = LocalDate(iso: input.request.to)
            if from == nil { checks.fail("from", "must be a date YYYY-MM-DD") }
            if to == nil { checks.fail("to", "must be a date YYYY-MM-DD") }
            if let from, let to, to < from { checks.fail("to", "must not be before from") }
            if let from, let to, from.days(until: to) > 366 { checks.fail("to", "must be at most 366 days after from") }
            if let error = checks.error { throw error }
            let rows = try await environment.read(caller) { connection in
                let zone = try await TenantCalendars.calendar(of: caller.tenant, on: connection, logger: caller.logger).timeZoneIdentifier
                return try await LedgerTotals(tenant: caller.tenant, connection: connection, logger: caller.logger)
                    .byDayAndMerchant(from: from!, to: to!, timeZone: zone)
            }
            return .ok(.init(rows: rows))
        }
    }

    func grantCompensation(_ input: Operations.GrantCompensation.Input) async throws -> Operations.GrantCompensation.Output {
        try await answering { caller in
            let body = input.request
            let caseID = try FieldChecks.uuid(body.caseId, "caseId")
            var checks = FieldChecks()
            let note = checks.text(body.note, "note", max: 500)
            if body.amount.amountMinor <= 0 { checks.fail("amount.amountMinor", "must be above zero") }
            let rules = Array(Set(body.ruleIds)).sorted()
            if rules.isEmpty || rules.count > 5 { checks.fail("ruleIds", "must name 1–5 rules of the compensation guide") }
            if let error = checks.error { throw error }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                guard let known = try await CaseDirectoryStore().find(caseID, tenant: caller.tenant, on: connection, logger: caller.logger),
                    !known.cancelled
                else { throw ErrorBody.failedPrecondition("caseId", "Returns knows no open case \(caseID.wire)") }
                if let price = known.pricePaid {
                    guard price.currency == body.amount.currency else {
                        throw ErrorBody.failedPrecondition("amount.currency", "is not the case's currency (\(price.currency))")
                    }
                    guard body.amount.amountMinor <= price.amountMinor else {
                        throw ErrorBody.failedPrecondition("amount.amountMinor", "a compensation is at most the price paid (\(price.amountMinor))")
                    }
                }
                let payment = Payment.opening(.payout, .compensation, body.amount, caseID: caseID, request: nil, merchant: known.merchantID, at: now)
                let writer = RequestWriter(connection, tenant: caller.tenant, now: now, logger: caller.logger, outbox: environment.outbox)
                let line = LedgerLine(.compensation, body.amount, ruleIds: rules, note: note)
                _ = try await PaymentFlow.open(payment, lines: [line], actor: caller.principal.subject, writer: writer)
                return Components.Schemas.Payment(payment)
            }
            caller.logger.info("compensation granted", metadata: ["payment.id": "\(answer.paymentId)"])
            return .ok(answer)
        }
    }

    func correctLedgerEntry(_ input: Operations.CorrectLedgerEntry.Input) async throws -> Operations.CorrectLedgerEntry.Output {
        try await answering { caller in
            let body = input.request
            let id = try FieldChecks.uuid(body.entryId, "entryId")
            var checks = FieldChecks()
            let note = checks.text(body.note, "note", max: 500)
            if body.amount.amountMinor == 0 { checks.fail("amount.amountMinor", "must not be 0") }
            if let error = checks.error { throw error }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let ledger = LedgerStore(tenant: caller.tenant, connection: connection, logger: caller.logger)
                guard let corrected = try await ledger.entry(id) else { throw ErrorBody.notFound("ledger entry \(id.wire)") }
                guard corrected.kind != .payout, corrected.kind != .charge else {
                    throw ErrorBody.failedPrecondition("entryId", "a \(corrected.kind.rawValue) is the provider's record: reconciliation reports it")
                }
                guard corrected.amount.currency == body.amount.currency else {
                    throw ErrorBody.failedPrecondition("amount.currency", "is not the entry's currency (\(corrected.amount.currency))")
                }
                let line = LedgerLine(.correction, body.amount, note: note)
                let actor = caller.principal.subject
                // In the customer's favour it is paid out; against them it stays on the balance for finance.
                var payment: Payment?
                let written: UUID
                if body.amount.amountMinor > 0 {
                    let payout = Payment.opening(
                        .payout,
                        .correction,
                        body.amount,
                        caseID: corrected.caseID,
                        request: nil,
                        merchant: corrected.merchantID,
                        at: now
                    )
                    let writer = RequestWriter(connection, tenant: caller.tenant, now: now, logger: caller.logger, outbox: environment.outbox)
                    guard let ids = try await PaymentFlow.open(payout, lines: [line], actor: actor, corrects: id, writer: writer),
                        let first = ids.first
                    else { throw ErrorBody.internalError() }
                    (payment, written) = (payout, first)
                } else {
                    let ids = try await ledger.append(
                        [line],
                        caseID: corrected.caseID,
                        request: corrected.returnRequestID,
                        merchant: corrected.merchantID,
                        payment: nil,
                        corrects: id,
                        by: actor,
                        at: now
                    )
                    written = ids[0]
                }
                let entry = LedgerEntry(
                    id: written,
                    caseID: corrected.caseID,
                    returnRequestID: payment == nil ? corrected.returnRequestID : nil,
                    merchantID: corrected.merchantID,
                    paymentID: payment?.id,
                    kind: .correction,
                    amount: body.amount,
                    ruleIds: [],
                    note: note,
                    corrects: id,
                    recordedBy: actor,
                    recordedAt: now
                )
                return Components.Schemas.LedgerCorrection(entry: .init(entry), payment: payment.map(Components.Schemas.Payment.init))
            }
            caller.logger.info("ledger entry corrected", metadata: ["entry.id": "\(id.wire)"])
            return .ok(answer)
        }
    }
}
