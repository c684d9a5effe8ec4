import Foundation
import Logging
import Models
import PostgresNIO
import RepairsAPI
import ServiceKit

/// The quote and the customer's answers (rules.md §2(e) 2e-W steps 1–4, WS-03/04/05/06/09/16): quoting by
/// estimate method, acceptance (the parts requested from Parts), a declined quote with who pays the
/// diagnosis, and supplementary orders for extra work found during the repair.
extension RepairsHandlers {
    func quoteRepair(_ input: Operations.QuoteRepair.Input) async throws -> Operations.QuoteRepair.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let lines = QuoteLinesInput.lines(request.lines, field: "lines", defaultCoverage: .chargeable, checks: &checks)
            let workMinutes = checks.number(request.workMinutes, "workMinutes", range: 0...Int64(RepairQuote.maxMinutes))
            var warrantyEnds: LocalDate?
            if let text = request.productWarrantyEnds {
                warrantyEnds = LocalDate(iso: text)
                if warrantyEnds == nil { checks.fail("productWarrantyEnds", "must be a date, YYYY-MM-DD") }
            }
            var receivedOn: LocalDate?
            if let text = request.itemReceivedOn {
                receivedOn = LocalDate(iso: text)
                if receivedOn == nil { checks.fail("itemReceivedOn", "must be a date, YYYY-MM-DD") }
            }
            let leather = receivedOn.map { (received: $0, qualityProblem: request.qualityProblem ?? false) }
            let faultCode = request.faultCode
            if let faultCode, !QcChecklists.isCategory(faultCode) {
                checks.fail("faultCode", "must be 1–50 of a–z, 0–9 and _, starting with a letter")
            }
            try checks.throwIfFailed()
            let undecided = request.lines.indices.filter { request.lines[$0].coverage == nil }
            let productWarrantyEnds = warrantyEnds
            return .ok(
                try await take(.quote, on: request.repairOrderId, caller) { order, context in
                    let coverage = try await Self.coverage(of: order, productWarrantyEnds: productWarrantyEnds, leather: leather, context)
                    var decided = lines
                    for index in undecided { decided[index].coverage = coverage }
                    let quote = try RepairQuote.make(
                        request.method,
                        lines: decided,
                        currency: decided.first?.currency ?? "CNY",
                        workMinutes: workMinutes,
                        start: context.now
                    ).get()
                    order.quote = QuoteRecord(
                        quote,
                        workMinutes: workMinutes,
                        productWarrantyEnds: productWarrantyEnds,
                        leather: leather,
                        at: context.now,
                        by: context.actor
                    )
                    order.promisedBy = quote.promisedBy
                    // A requote without a code keeps the diagnosis it had.
                    order.faultCode = faultCode ?? order.faultCode
                    return []
                }
            )
        }
    }

    /// Who pays a line whose coverage the quote does not say (SH-12, SH-13): free inside the product's
    /// warranty or the device's previous repair's, or — the leather shop's rule (LG-16) — a quality problem
    /// within a month of the item's receipt; counted in the tenant's days.
    static func coverage(
        of order: RepairOrder,
        productWarrantyEnds: LocalDate?,
        leather: (received: LocalDate, qualityProblem: Bool)? = nil,
        _ context: StepContext
    ) async throws -> LineCoverage {
        let (tenant, connection, logger) = (context.caller.tenant, context.connection, context.caller.logger)
        let calendar = try await TenantCalendars.calendar(of: tenant, on: connection, logger: logger)
        var previous: LocalDate?
        if let serial = order.device.serialNumber {
            previous = try await RepairOrderStore().previousRepairWarrantyEnds(serial: serial, tenant: tenant, on: connection, logger: logger)
        }
        let today = calendar.localDate(of: context.now)
        let decided = RepairCoverage.decide(today: today, productWarrantyEnds: productWarrantyEnds, previousRepairWarrantyEnds: previous)
        guard let leather, decided == .chargeable else { return decided }
        switch RepairCoverage.leatherRoute(received: leather.received, today: today, qualityProblem: leather.qualityProblem) {
        case nil: throw ErrorBody.invalidArgument("itemReceivedOn", "must not be after today (\(today))")
        case .companyPaidReturnOrExchange?: return .warranty
        case .paidRepair?, .negotiate?, .sevenDayReturn?: return .chargeable
        }
    }

    func acceptQuote(_ input: Operations.AcceptQuote.Input) async throws -> Operations.AcceptQuote.Output {
        try await answering { caller in
            let signature = try FieldChecks.text(input.request.customerSignatureRef, "customerSignatureRef", max: 200)
            let atManufacturer = input.request.atManufacturer ?? false
            return .ok(
                try await take(.acceptQuote, on: input.request.repairOrderId, caller) { order, context in
                    order.quote?.answer = QuoteAnswer(
                        accepted: true,
                        answeredAt: context.now,
                        answeredBy: context.actor,
                        customerSignatureRef: signature,
                        atManufacturer: atManufacturer ? true : nil
                    )
                    // The parts of ours are held at Parts now; one that ran out is requisitioned and the order waits.
                    return [.request(RepairOrder.partsNeeded(order.agreedLines))]
                }
            )
        }
    }

    func declineQuote(_ input: Operations.DeclineQuote.Input) async throws -> Operations.DeclineQuote.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let reason = checks.text(request.reason, "reason", max: 500)
            let fee = request.diagnosisFee.map { checks.money($0, "diagnosisFee", range: 0...RepairQuote.maxAmountMinor) }
            try checks.throwIfFailed()
            return .ok(
                try await take(.declineQuote, on: request.repairOrderId, caller) { order, context in
                    if let fee, let quoted = order.quote?.total, fee.currency != quoted.currency {
                        throw ErrorBody.invalidArgument("diagnosisFee.currency", "must be \(quoted.currency), the quote's")
                    }
                    let charged = fee.flatMap { $0.amountMinor > 0 ? $0 : nil }
                    order.quote?.answer = QuoteAnswer(
                        accepted: false,
                        answeredAt: context.now,
                        answeredBy: context.actor,
                        reason: reason,
                        diagnosisFee: charged,
                        diagnosisPaidBy: charged == nil ? .shop : .customer
                    )
                    order.promisedBy = nil
                    return []
                }
            )
        }
    }

    func reportExtraWork(_ input: Operations.ReportExtraWork.Input) async throws -> Operations.ReportExtraWork.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let description = checks.text(request.description, "description", max: 500)
            if !(1...50).contains(request.lines.count) { checks.fail("lines", "a supplementary order has from 1 to 50 lines") }
            let lines = QuoteLinesInput.lines(request.lines, field: "lines", defaultCoverage: .chargeable, checks: &checks)
            let delay = checks.number(request.delayMinutes, "delayMinutes", range: 0...Int64(RepairQuote.maxMinutes))
            try checks.throwIfFailed()
            let undecided = request.lines.indices.filter { request.lines[$0].coverage == nil }
            return .ok(
                try await take(.reportExtraWork, on: request.repairOrderId, caller) { order, context in
                    guard let quote = order.quote else { throw RepairOrderLife.refusal(order.status) }
                    guard order.extraWork.count < RepairOrder.maxRounds else {
                        throw ErrorBody.failedPrecondition("repairOrderId", "the order has \(RepairOrder.maxRounds) supplementary orders already")
                    }
                    let warrantyEnds = quote.productWarrantyEnds.flatMap(LocalDate.init(iso:))
                    let coverage = try await Self.coverage(of: order, productWarrantyEnds: warrantyEnds, leather: quote.leather, context)
                    var decided = lines
                    for index in undecided { decided[index].coverage = coverage }
                    // Priced as the quote was, in its currency.
                    let priced = try RepairQuote.make(
                        quote.method,
                        lines: decided,
                        currency: quote.total.currency,
                        workMinutes: delay,
                        start: context.now
                    ).get()
                    order.extraWork.append(
                        ExtraWork(
                            batch: order.extraWork.count + 1,
                            description: description,
                            lines: decided,
                            addedTotal: priced.total,
                            delayMinutes: delay,
                            customerToldVia: request.customerToldVia,
                            customerToldAt: context.now,
                            reportedBy: context.actor
                        )
                    )
                    return []
                }
            )
        }
    }

    func answerExtraWork(_ input: Operations.AnswerExtraWork.Input) async throws -> Operations.AnswerExtraWork.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let told = checks.text(request.workshopTold, "workshopTold", max: 100)
            let consent = checks.optionalText(request.customerConsentRef, "customerConsentRef", max: 200)
            // New items are done only with the customer's consent and authorisation.
            if request.approved, consent == nil { checks.fail("customerConsentRef", "give the customer's consent to the extra work") }
            try checks.throwIfFailed()
            return .ok(
                try await take(.answerExtraWork(approved: request.approved), on: request.repairOrderId, caller) { order, context in
                    guard let index = order.extraWork.lastIndex(where: { $0.approved == nil }) else { throw RepairOrderLife.refusal(order.status) }
                    order.extraWork[index].approved = request.approved
                    order.extraWork[index].answeredAt = context.now
                    order.extraWork[index].workshopTold = told
                    guard request.approved else { return [] }
                    order.extraWork[index].customerConsentRef = consent
                    // The supplementary order: its delay moves the promise, its parts are requested with the rest.
                    let batch = order.extraWork[index]
                    order.promisedBy = order.promisedBy?.addingTimeInterval(TimeInterval(batch.delayMinutes * 60))
                    return [.request(RepairOrder.partsNeeded(order.agreedLines))]
                }
            )
        }
    }
}
