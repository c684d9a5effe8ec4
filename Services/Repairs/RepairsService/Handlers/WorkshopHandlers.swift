import Foundation
import Models
import RepairsAPI
import ServiceKit

/// The workshop board and its figures for supervisors and dashboards (rules.md §2(e); T-43 reports).
extension RepairsHandlers {
    func getWorkshopBoard(_ input: Operations.GetWorkshopBoard.Input) async throws -> Operations.GetWorkshopBoard.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let limit = checks.number(request.limit, "limit", range: 1...500, fallback: 200)
            let technician = request.technician.map { checks.text($0, "technician", max: 100) }
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let board = try await environment.read(caller) { connection in
                let store = WorkshopStore()
                let (tenant, logger) = (caller.tenant, caller.logger)
                let orders = try await store.board(
                    technician: technician,
                    status: request.status,
                    now: now,
                    limit: limit + 1,
                    tenant: tenant,
                    on: connection,
                    logger: logger
                )
                let counts = try await store.counts(
                    technician: technician,
                    status: request.status,
                    now: now,
                    tenant: tenant,
                    on: connection,
                    logger: logger
                )
                return (orders, counts)
            }
            func grouped(_ key: (String, String) -> String) -> [Components.Schemas.WorkshopCount] {
                var totals: [String: (Int, Int)] = [:]
                for row in board.1 {
                    let k = key(row.status, row.technician)
                    totals[k] = ((totals[k]?.0 ?? 0) + row.orders, (totals[k]?.1 ?? 0) + row.overdue)
                }
                return totals.keys.sorted().map { .init(key: $0, orders: Int64(totals[$0]!.0), overdue: Int64(totals[$0]!.1)) }
            }
            let entries = board.0.prefix(limit).map { order in
                Components.Schemas.WorkshopBoardEntry(
                    repairOrderId: order.id.wire,
                    caseId: order.caseID?.wire,
                    status: order.status,
                    category: order.category,
                    productName: order.device.productName,
                    technician: order.technician,
                    promisedBy: order.promisedBy,
                    appointmentStart: order.appointment.flatMap { $0.arrivedAt == nil ? $0.windowStart : nil },
                    overdue: order.promisedBy.map { $0 < now } ?? false
                )
            }
            return .ok(
                .init(
                    asOf: now,
                    orders: Array(entries),
                    byStatus: grouped { status, _ in status },
                    byTechnician: grouped { _, technician in technician },
                    truncated: board.0.count > limit
                )
            )
        }
    }

    func getWorkshopFigures(_ input: Operations.GetWorkshopFigures.Input) async throws -> Operations.GetWorkshopFigures.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let from = LocalDate(iso: request.from)
            let to = LocalDate(iso: request.to)
            if from == nil { checks.fail("from", "must be a date, YYYY-MM-DD") }
            if to == nil { checks.fail("to", "must be a date, YYYY-MM-DD") }
            if let from, let to {
                if to < from { checks.fail("to", "must not be before from") }
                if from.days(until: to) > 365 { checks.fail("to", "at most 366 days from from") }
            }
            try checks.throwIfFailed()
            guard let from, let to else { throw ErrorBody.invalidArgument("from", "must be a date") }
            let figures = try await environment.read(caller) { connection in
                let calendar = try await TenantCalendars.calendar(of: caller.tenant, on: connection, logger: caller.logger)
                let handedBack = try await WorkshopStore().handedBack(
                    from: calendar.startOfDay(from),
                    until: calendar.startOfDay(to.adding(days: 1)),
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
                return WorkshopFigures.compute(handedBack.orders, cameBack: handedBack.cameBack)
            }
            func groups(_ list: [WorkshopFigures.Group]) -> [Components.Schemas.WorkshopFigureGroup] {
                list.map {
                    .init(
                        key: $0.key,
                        handedOver: Int64($0.handedOver),
                        averageTurnaroundMinutes: Int64($0.averageTurnaroundMinutes),
                        firstTimeFixes: Int64($0.firstTimeFixes),
                        firstTimeFixRateBasisPoints: Int64($0.firstTimeFixRateBasisPoints)
                    )
                }
            }
            let costs = figures.costs.map { cost in
                Components.Schemas.CaseRepairCost(
                    caseId: cost.caseID.wire,
                    orders: Int64(cost.orders),
                    labour: Money(currency: cost.currency, amountMinor: cost.labour),
                    parts: Money(currency: cost.currency, amountMinor: cost.parts),
                    other: Money(currency: cost.currency, amountMinor: cost.other),
                    total: Money(currency: cost.currency, amountMinor: cost.total),
                    payable: Money(currency: cost.currency, amountMinor: cost.payable)
                )
            }
            return .ok(
                .init(
                    from: from.description,
                    to: to.description,
                    byCategory: groups(figures.byCategory),
                    byTechnician: groups(figures.byTechnician),
                    repairCosts: costs
                )
            )
        }
    }
}
