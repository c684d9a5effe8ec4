import Foundation
import IntakeAPI
import Models
import ServiceKit

/// Customer service finds a customer's cases by the phone however it is typed, or an order's cases by its
/// number, newest first, a page at a time (rules.md §2(i): the customer archive is looked up by phone).
extension IntakeHandlers {
    /// Staff who deal with customers; a merchant never searches by a customer's phone.
    static let caseFinders: Set<Role> = [
        .tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor, .dispatcherRunner, .escalationOfficer, .followUpAgent,
        .dashboardReader,
    ]

    func findCases(_ input: Operations.FindCases.Input) async throws -> Operations.FindCases.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let phone = checks.phone(request.customerPhone, "customerPhone")
            let order = checks.optionalText(request.orderNumber, "orderNumber", max: 64)
            if request.customerPhone == nil && order == nil {
                checks.fail("customerPhone", "one of customerPhone or orderNumber is required")
                checks.fail("orderNumber", "one of customerPhone or orderNumber is required")
            }
            try checks.throwIfFailed()
            let binding = PageBinding(
                operation: "FindCases",
                tenant: caller.tenant,
                merchantScope: nil,
                filter: "\(phone?.e164 ?? "")|\(order ?? "")"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let found = try await environment.read(caller) { [store] connection in
                try await store.search(
                    phone: phone,
                    orderNumber: order,
                    before: page.after,
                    limit: page.size + 1,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: found, request: page, binding: binding, id: \.id)
            return .ok(.init(cases: result.rows.map(Components.Schemas.CaseSummary.init), nextPageToken: result.nextPageToken))
        }
    }
}
