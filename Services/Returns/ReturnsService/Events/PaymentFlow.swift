import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// How the ledger's payments reach the provider exactly once (DESIGN §6). A payment is opened in the
/// transaction that wrote its entries, with a `returns.pay` timer due at once: the entries, the payment and
/// its timer commit together or not at all. The timer calls the provider under the payment's own key
/// (`<payment>-<attempt>`) and records the answer in its transaction; a process dying before or after the
/// call leaves the timer pending, and the repeated call under the same key is the same transfer at the
/// provider. No answer (a timeout, a cut connection, the provider down) leaves the payment `uncertain`,
/// and a `returns.payment_check` timer looks the key up until the provider answers — settling it as the
/// provider has it, or sending it when the provider never got it.
struct PaymentFlow: Sendable {
    let provider: PaymentProvider
    let faults: FaultPoints?

    static let payKind = "returns.pay"
    static let checkKind = "returns.payment_check"

    struct TimerPayload: Codable, Sendable {
        let paymentId: String
    }

    func keep(on handlers: inout TimerHandlers) {
        handlers.on(Self.payKind) { timer, context in try await fired(timer, context, check: false) }
        handlers.on(Self.checkKind) { timer, context in try await fired(timer, context, check: true) }
    }

    /// Opens `payment` for `lines` in the caller's transaction and schedules its call; returns the entries'
    /// ids, nil (nothing written) when the request already has its payment for this purpose.
    @discardableResult
    static func open(_ payment: Payment, lines: [LedgerLine], actor: String, corrects: UUID? = nil, writer: RequestWriter) async throws -> [UUID]? {
        let ledger = LedgerStore(tenant: writer.tenant, connection: writer.connection, logger: writer.logger)
        guard try await ledger.open(payment) else { return nil }
        let entries = try await ledger.append(
            lines,
            caseID: payment.caseID,
            request: payment.returnRequestID,
            merchant: payment.merchantID,
            payment: payment.id,
            corrects: corrects,
            by: actor,
            at: writer.now
        )
        try await schedule(payKind, payment.id, at: writer.now, writer: writer)
        writer.logger.info(
            "payment opened",
            metadata: ["payment.id": "\(payment.id.wire)", "purpose": "\(payment.purpose.rawValue)", "direction": "\(payment.direction.rawValue)"]
        )
        return entries
    }

    static func schedule(_ kind: String, _ payment: UUID, at due: Date, writer: RequestWriter) async throws {
        try await writer.timers.schedule(
            kind,
            subject: EventSubject(kind: "payment", id: payment.wire),
            dueAt: due,
            payload: TimerPayload(paymentId: payment.wire),
            tenant: writer.tenant,
            now: writer.now,
            on: writer.connection,
            logger: writer.logger
        )
    }

    /// Cancels the payment's pending call and lookup (a retry schedules its own).
    static func cancelTimers(of payment: UUID, writer: RequestWriter) async throws {
        let subject = EventSubject(kind: "payment", id: payment.wire)
        for kind in [payKind, checkKind] {
            _ = try await writer.timers.cancel(kind, subject: subject, tenant: writer.tenant, on: writer.connection, logger: writer.logger)
        }
    }

    private func fired(_ timer: FiredTimer, _ context: EventContext, check: Bool) async throws {
        let payload = try timer.payload(as: TimerPayload.self)
        let writer = RequestWriter(context)
        let ledger = LedgerStore(tenant: context.tenant, connection: context.connection, logger: context.logger)
        guard let id = UUID(uuidString: payload.paymentId), var payment = try await ledger.payment(id, locked: true), payment.status.isOpen
        else { return }
        guard provider.configured else {
            // Kept, and tried again: the payment goes out once a key is configured.
            context.logger.warning("payment not sent: payments.api_key is not set", metadata: ["payment.id": "\(payment.id.wire)"])
            try await Self.schedule(
                timer.kind,
                payment.id,
                at: writer.now.addingTimeInterval(Double(provider.settings.recheckSeconds)),
                writer: writer
            )
            return
        }
        var answer: PaymentProvider.Answer
        if check {
            answer = await provider.find(payment.direction, key: payment.providerKey)
            // The provider never got it: send it now, under the same key.
            if answer == .notFound { answer = await call(payment, tenant: context.tenant) }
        } else {
            answer = await call(payment, tenant: context.tenant)
        }
        // Only the first call of a payment nobody has sent yet can be refused for good: a refusal met while
        // looking an uncertain payment up says nothing about whether the earlier call paid.
        try await record(answer, for: &payment, definitive: !check && payment.status == .waiting, writer: writer)
    }

    private func call(_ payment: Payment, tenant: TenantID) async -> PaymentProvider.Answer {
        faults?.crash(at: .paymentBeforeCall)
        let answer = await provider.create(
            payment.direction,
            key: payment.providerKey,
            amount: payment.amount.amountMinor,
            currency: payment.amount.currency,
            reference: payment.reference(tenant)
        )
        faults?.crash(at: .paymentAfterCall)
        return answer
    }

    /// Records what the provider said about `payment`, in the timer's transaction.
    func record(_ answer: PaymentProvider.Answer, for payment: inout Payment, definitive: Bool, writer: RequestWriter) async throws {
        let ledger = LedgerStore(tenant: writer.tenant, connection: writer.connection, logger: writer.logger)
        payment.updatedAt = writer.now
        switch answer {
        case .transfer(let transfer) where transfer.amount != payment.amount.amountMinor || transfer.currency != payment.amount.currency:
            // Never silently fixed: reported, and the payment waits for finance.
            payment.status = .uncertain
            payment.providerReference = transfer.id
            try await ledger.save(payment)
            try await DiscrepancyStore(ledger).report(
                .amountMismatch,
                payment: payment.id,
                providerReference: transfer.id,
                detail:
                    "the provider holds \(transfer.amount) \(transfer.currency), the ledger \(payment.amount.amountMinor) \(payment.amount.currency)",
                at: writer.now
            )
        case .transfer(let transfer) where transfer.succeeded:
            try await settle(&payment, transfer: transfer, writer: writer)
        case .transfer(let transfer):
            payment.status = .failed
            payment.providerReference = transfer.id
            payment.failure = transfer.failureCode ?? "failed"
            try await ledger.save(payment)
            writer.logger.warning(
                "payment failed at the provider",
                metadata: ["payment.id": "\(payment.id.wire)", "failure": "\(payment.failure ?? "")"]
            )
        case .refused(let reason) where definitive:
            payment.status = .failed
            payment.failure = "refused by the provider: \(reason)"
            try await ledger.save(payment)
            writer.logger.error("payment refused by the provider", metadata: ["payment.id": "\(payment.id.wire)"])
        case .unknown, .notFound, .refused:
            var why = "not found at the provider"
            if case .unknown(let reason) = answer { why = reason }
            if case .refused(let reason) = answer { why = "refused while uncertain: \(reason)" }
            payment.status = .uncertain
            try await ledger.save(payment)
            try await Self.schedule(
                Self.checkKind,
                payment.id,
                at: writer.now.addingTimeInterval(Double(provider.settings.recheckSeconds)),
                writer: writer
            )
            writer.logger.warning(
                "payment uncertain; reconciliation will look it up",
                metadata: ["payment.id": "\(payment.id.wire)", "why": "\(why)"]
            )
        }
    }

    /// The provider made the transfer: the payment is settled by its ledger entry, the request's refund is
    /// paid (`refunded`), an exchange's charge lets the replacement ship, and a payout emits `refund.paid`.
    private func settle(_ payment: inout Payment, transfer: ProviderTransfer, writer: RequestWriter) async throws {
        let ledger = LedgerStore(tenant: writer.tenant, connection: writer.connection, logger: writer.logger)
        payment.status = .paid
        payment.providerReference = transfer.id
        payment.failure = nil
        payment.settledAt = writer.now
        try await ledger.save(payment)
        let settlement =
            payment.direction == .payout
            ? LedgerLine(.payout, payment.amount.negated, note: transfer.id) : LedgerLine(.charge, payment.amount, note: transfer.id)
        let entry = try await ledger.append(
            [settlement],
            caseID: payment.caseID,
            request: payment.returnRequestID,
            merchant: payment.merchantID,
            payment: payment.id,
            by: "system",
            at: writer.now
        )[0]
        if payment.purpose == .refund, let requestID = payment.returnRequestID,
            var request = try await ReturnRequestStore().find(
                requestID,
                scope: .everything,
                locked: true,
                tenant: writer.tenant,
                on: writer.connection,
                logger: writer.logger
            ), request.status == .refundApproved
        {
            try await RequestSteps(writer: writer).take(.refundPaid, on: &request, actor: "system", note: "paid: \(transfer.id)")
        }
        if payment.direction == .charge, let requestID = payment.returnRequestID {
            try await ExchangeStore(ledger).chargeCollected(requestID, at: writer.now)
        }
        if payment.direction == .payout {
            let paid = RefundPaid(
                caseID: payment.caseID,
                returnRequestID: payment.returnRequestID,
                merchantID: payment.merchantID,
                purpose: payment.purpose,
                amount: payment.amount,
                paymentID: payment.id,
                ledgerEntryID: entry,
                providerReference: transfer.id
            )
            try await writer.outbox.append(
                paid,
                subjectID: payment.caseID.wire,
                tenant: writer.tenant,
                now: writer.now,
                on: writer.connection,
                logger: writer.logger
            )
        }
        writer.logger.info("payment settled", metadata: ["payment.id": "\(payment.id.wire)", "purpose": "\(payment.purpose.rawValue)"])
    }
}
