import Logging
import Models
import NotificationsAPI
import ServiceKit

/// Notifications' operations: contract in, workflow, store, contract out.
struct NotificationsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = WebhookEndpointStore()

    /// Who may call what (DESIGN §5): a merchant integrates itself; the tenant's administrators manage any
    /// merchant's endpoints.
    static let access: AccessTable = [
        "CreateWebhookEndpoint": .mutates([.tenantAdmin, .merchant]),
        "ListWebhookEndpoints": .reads([.tenantAdmin, .supervisor, .dashboardReader, .merchant]),
    ]

    func createWebhookEndpoint(_ input: Operations.CreateWebhookEndpoint.Input) async throws -> Operations.CreateWebhookEndpoint.Output {
        try await answering { caller in
            let subscription = try WebhookSubscription.validate(
                WebhookSubscription.Draft(input.request),
                callerMerchant: caller.merchantScope,
                allowPrivateHosts: environment.settings.bool(CommonSettings.testMode)
            ).get()
            let endpoint = WebhookEndpoint(id: .v7(), status: .active, subscription: subscription, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.WebhookEndpoint(endpoint)) { [store] connection in
                guard try await store.insert(endpoint, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("url", "is already an endpoint of this merchant")
                }
            }
            caller.logger.info("webhook endpoint registered", metadata: ["webhook_endpoint.id": "\(endpoint.id.wire)"])
            return .ok(answer)
        }
    }

    func listWebhookEndpoints(_ input: Operations.ListWebhookEndpoints.Input) async throws -> Operations.ListWebhookEndpoints.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            // A merchant sees its own endpoints whatever it asks for.
            let merchant = caller.merchantScope ?? checks.optionalUUID(request.merchantId, "merchantId")
            try checks.throwIfFailed()
            let binding = PageBinding(
                operation: "ListWebhookEndpoints",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: "merchant=\(merchant?.wire ?? "")"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let fetched = try await environment.read(caller) { [store] connection in
                try await store.list(
                    tenant: caller.tenant,
                    merchant: merchant,
                    after: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.id)
            return .ok(
                .init(webhookEndpoints: result.rows.map(Components.Schemas.WebhookEndpoint.init), nextPageToken: result.nextPageToken)
            )
        }
    }
}
