import Foundation
import Models
import PostgresNIO
import RepairsAPI
import ServiceKit

/// Completion (rules.md §2(e) 2e-W steps 6–8, WS-12/13/14, SH-12): quality control against the category's
/// checklist, the settlement statement with a supervisor's discount and the repair's own warranty, the
/// handover; and the tenant's checklists.
extension RepairsHandlers {
    func recordQualityCheck(_ input: Operations.RecordQualityCheck.Input) async throws -> Operations.RecordQualityCheck.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            if !(1...100).contains(request.results.count) { checks.fail("results", "from 1 to 100 results") }
            let results = request.results.enumerated().map { index, result in
                (item: checks.text(result.item, "results[\(index)].item", max: 200), passed: result.passed)
            }
            let notes = request.results.enumerated().compactMap { index, result in
                checks.optionalText(result.note, "results[\(index)].note", max: 500).map { QualityCheckNote(item: result.item.trimmed, note: $0) }
            }
            try checks.throwIfFailed()
            // The step (passed or not) depends on the answers against the checklist: read it first.
            let id = try FieldChecks.uuid(request.repairOrderId, "repairOrderId")
            let (failed, checklist) = try await environment.read(caller) { connection in
                let order = try await Self.order(id, caller, locked: false, on: connection)
                let checklist = try await Self.checklist(order.category, caller, on: connection).items
                guard order.qualityChecks.count < RepairOrder.maxRounds else {
                    throw ErrorBody.failedPrecondition("repairOrderId", "the order has been checked \(RepairOrder.maxRounds) times already")
                }
                return (try QcChecklists.failedItems(results, against: checklist).get(), checklist)
            }
            return .ok(
                try await take(.qualityCheck(passed: failed.isEmpty), on: request.repairOrderId, caller) { order, context in
                    order.qualityChecks.append(
                        QualityCheck(
                            round: order.qualityChecks.count + 1,
                            checklist: checklist,
                            failedItems: failed,
                            notes: notes,
                            passed: failed.isEmpty,
                            checkedAt: context.now,
                            checkedBy: context.actor
                        )
                    )
                    // Passed: the parts held for it went into the device.
                    return failed.isEmpty ? [.settle(.fitted, reason: nil)] : []
                }
            )
        }
    }

    func settleRepairOrder(_ input: Operations.SettleRepairOrder.Input) async throws -> Operations.SettleRepairOrder.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let discount = request.discount.map { checks.money($0, "discount", range: 0...RepairQuote.maxAmountMinor) }
            let reason = checks.optionalText(request.discountReason, "discountReason", max: 200)
            let discounted = (discount?.amountMinor ?? 0) > 0
            if discounted, reason == nil { checks.fail("discountReason", "say why the discount is given") }
            try checks.throwIfFailed()
            // WS-13: a discount is the supervisor's decision.
            let approver = caller.principal.roles.isDisjoint(with: [.supervisor, .tenantAdmin]) ? nil : caller.principal.subject
            if discounted, approver == nil {
                throw ErrorBody(code: .permissionDenied, message: "a discount needs a supervisor's approval (WS-13)")
            }
            let warrantyDays = settings.warrantyDays
            return .ok(
                try await take(.settle, on: request.repairOrderId, caller) { order, context in
                    guard let (quoted, extra) = order.chargeable else { throw RepairOrderLife.refusal(order.status) }
                    let cut = discounted ? discount! : .zero(quoted.currency)
                    if cut.currency != quoted.currency { throw ErrorBody.invalidArgument("discount.currency", "must be \(quoted.currency)") }
                    let due = quoted.adding(extra)
                    if cut > due { throw ErrorBody.invalidArgument("discount.amountMinor", "must not exceed \(due.amountMinor)") }
                    let calendar = try await TenantCalendars.calendar(
                        of: context.caller.tenant,
                        on: context.connection,
                        logger: context.caller.logger
                    )
                    order.settlement = Settlement(
                        quoted: quoted,
                        extraWork: extra,
                        discount: cut,
                        payable: Money(currency: due.currency, amountMinor: due.amountMinor - cut.amountMinor),
                        settledAt: context.now,
                        settledBy: context.actor,
                        warrantyDays: warrantyDays,
                        warrantyEnds: calendar.localDate(of: context.now).adding(days: warrantyDays).description,
                        discountReason: discounted ? reason : nil,
                        discountApprovedBy: discounted ? approver : nil
                    )
                    return []
                }
            )
        }
    }

    func handOverRepairOrder(_ input: Operations.HandOverRepairOrder.Input) async throws -> Operations.HandOverRepairOrder.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let confirmation = checks.text(request.customerConfirmationRef, "customerConfirmationRef", max: 200)
            let tracking = checks.optionalText(request.trackingNumber, "trackingNumber", max: 64)
            if request.method == .shipped, tracking == nil { checks.fail("trackingNumber", "a shipped item gives its tracking number") }
            let replacement = checks.optionalText(request.replacementSerialNumber, "replacementSerialNumber", max: 64)
            try checks.throwIfFailed()
            return .ok(
                try await take(.handOver, on: request.repairOrderId, caller) { order, context in
                    order.handover = Handover(
                        method: request.method,
                        customerConfirmationRef: confirmation,
                        trackingNumber: request.method == .shipped ? tracking : nil,
                        handedOverAt: context.now,
                        handedOverBy: context.actor,
                        replacementSerialNumber: replacement
                    )
                    return []
                }
            )
        }
    }

    func setQcChecklist(_ input: Operations.SetQcChecklist.Input) async throws -> Operations.SetQcChecklist.Output {
        try await answering { caller in
            let request = input.request
            let items = try QcChecklists.validate(category: request.category, items: request.items).get()
            let now = environment.clock.now()
            let answer = Components.Schemas.QcChecklist(category: request.category, items: items, seeded: false)
            return .ok(
                try await environment.mutate(caller, answering: answer) { connection in
                    try await ReferenceStore().setChecklist(
                        request.category,
                        items: items,
                        now: now,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                }
            )
        }
    }

    func getQcChecklist(_ input: Operations.GetQcChecklist.Input) async throws -> Operations.GetQcChecklist.Output {
        try await answering { caller in
            let category = input.request.category
            guard QcChecklists.isCategory(category) else {
                throw ErrorBody.invalidArgument("category", "must be 1–50 of a–z, 0–9 and _, starting with a letter")
            }
            let (items, seeded) = try await environment.read(caller) { connection in try await Self.checklist(category, caller, on: connection) }
            return .ok(.init(category: category, items: items, seeded: seeded))
        }
    }

    /// The tenant's checklist of `category`, or the built-in one.
    static func checklist(
        _ category: String,
        _ caller: TenantCaller,
        on connection: PostgresConnection
    ) async throws -> (items: [String], seeded: Bool) {
        if let own = try await ReferenceStore().checklist(category, tenant: caller.tenant, on: connection, logger: caller.logger) {
            return (own, false)
        }
        return (QcChecklists.seeded(category), true)
    }
}
