import Foundation
import IntakeAPI
import Logging
import Models
import OpenAPIRuntime
import ServiceKit

/// Internal dashboards' view of the tenant's cases (rules.md §2(i), T-43): lists, a CSV export and
/// statistics. Merchants list their own cases; exports and statistics are staff's.
extension IntakeHandlers {
    /// Everyone who handles cases, and merchants for their own; not a storefront, which acts for one customer.
    static let caseListers = caseReaders.subtracting([.storefront])
    static let dashboardStaff = caseListers.subtracting([.merchant])

    static let dashboardAccess: AccessTable = [
        "ListCases": .reads(caseListers),
        "ExportCases": .reads(dashboardStaff),
        "GetCaseStats": .reads(dashboardStaff),
    ]

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let filter = CaseListFilter.reading(request.filter, forMerchant: caller.merchantScope != nil, checks: &checks)
            checks.choice(request.orderBy, "orderBy")
            try checks.throwIfFailed()
            let order = request.orderBy.flatMap { CaseListOrder(rawValue: $0.rawValue) } ?? .newest
            let now = environment.clock.now()
            let page = try await environment.page(
                caller,
                operation: "ListCases",
                filter: "\(order.rawValue)\u{1F}\(filter.canonical)",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \ListedCase.id,
                key: { $0.key(in: order) }
            ) { [lists] position, limit, connection in
                try await lists.page(
                    filter,
                    order: order,
                    after: position,
                    limit: limit,
                    merchant: caller.merchantScope,
                    now: now,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            let forMerchant = caller.merchantScope != nil
            return .ok(
                .init(
                    cases: page.rows.map { Components.Schemas.ListedCase($0, now: now, forMerchant: forMerchant) },
                    nextPageToken: page.nextPageToken
                )
            )
        }
    }

    func exportCases(_ input: Operations.ExportCases.Input) async throws -> Operations.ExportCases.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let filter = CaseListFilter.reading(input.request.filter, forMerchant: false, checks: &checks)
            try checks.throwIfFailed()
            let export = CaseExport(filter: filter, now: environment.clock.now(), caller: caller, environment: environment, lists: lists)
            caller.logger.info("cases exported", metadata: ["export.filter": "\(filter.isEmpty ? "none" : "set")"])
            return .ok(.init(body: .csv(export.body())))
        }
    }

    func getCaseStats(_ input: Operations.GetCaseStats.Input) async throws -> Operations.GetCaseStats.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let from = LocalDate(iso: request.from)
            let to = LocalDate(iso: request.to)
            if from == nil { checks.fail("from", "must be a date (YYYY-MM-DD) of 1900–9999") }
            if to == nil { checks.fail("to", "must be a date (YYYY-MM-DD) of 1900–9999") }
            if let from, let to {
                if to < from { checks.fail("to", "must not be before from") }
                if from.days(until: to) > 3660 { checks.fail("to", "must be at most 3660 days after from") }
            }
            checks.choice(request.groupBy, "groupBy")
            try checks.throwIfFailed()
            guard let from, let to else { throw ErrorBody.invalidArgument("from", "must be a date") }
            let period = request.groupBy.flatMap { StatsPeriod(rawValue: $0.rawValue) } ?? .day
            let now = environment.clock.now()
            let figures = try await environment.read(caller) { [stats] connection in
                try await stats.figures(from: from, to: to, period: period, now: now, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            return .ok(.init(figures, from: from, to: to, period: period))
        }
    }
}

extension CaseListFilter {
    var isEmpty: Bool { self == CaseListFilter() }

    /// The filter as sent, every fault on `checks` under `filter.<field>`.
    static func reading(_ sent: Components.Schemas.CaseFilter?, forMerchant: Bool, checks: inout FieldChecks) -> CaseListFilter {
        var filter = CaseListFilter()
        guard let sent else { return filter }
        if let statuses = sent.statuses {
            if statuses.isEmpty { checks.fail("filter.statuses", "must name at least one status, or be absent") }
            if Set(statuses).count != statuses.count { checks.fail("filter.statuses", "must not name a status twice") }
            filter.statuses = statuses.isEmpty ? nil : statuses.sorted { $0.rawValue < $1.rawValue }
        }
        filter.merchantID = checks.optionalUUID(sent.merchantId, "filter.merchantId")
        checks.choice(sent.requestedResolution, "filter.requestedResolution")
        checks.choice(sent.decidedResolution, "filter.decidedResolution")
        checks.choice(sent.channel, "filter.channel")
        filter.requestedResolution = sent.requestedResolution.flatMap { Resolution(rawValue: $0.rawValue) }
        filter.decidedResolution = sent.decidedResolution.flatMap { Resolution(rawValue: $0.rawValue) }
        filter.channel = sent.channel.flatMap { CaseChannel(rawValue: $0.rawValue) }
        filter.category = sent.category.map { checks.text($0, "filter.category", max: 64) }
        filter.brand = sent.brand.map { checks.text($0, "filter.brand", max: 64) }
        filter.createdFrom = sent.createdFrom
        filter.createdBefore = sent.createdBefore
        if let from = sent.createdFrom, let before = sent.createdBefore, before <= from {
            checks.fail("filter.createdBefore", "must be after createdFrom")
        }
        filter.overdue = sent.overdue
        if let query = sent.query {
            switch CaseTextSearch.reading(query, forMerchant: forMerchant) {
            case .success(let search): filter.text = search
            case .failure(let refusal): checks.fail("filter.query", refusal.reason)
            }
        }
        return filter
    }
}
