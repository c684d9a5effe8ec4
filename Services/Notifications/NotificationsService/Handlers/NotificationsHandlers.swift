import Foundation
import Logging
import Models
import NotificationsAPI
import ServiceKit

/// Notifications' operations: contract in, workflow, store, contract out. Expected failures are returned
/// as documented error responses, not thrown.
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
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let body: Components.Schemas.CreateWebhookEndpointRequest
        switch input.body { case .json(let json): body = json }
        let draft = WebhookSubscription.Draft(
            merchantID: body.merchantId, url: body.url, eventTypes: body.eventTypes, description: body.description
        )
        let subscription: WebhookSubscription
        let testMode = environment.settings.bool(CommonSettings.testMode)
        switch WebhookSubscription.validate(draft, callerMerchant: caller.merchantScope, allowPrivateHosts: testMode) {
        case .success(let valid): subscription = valid
        case .failure(let error): return .failure(error)
        }
        let endpoint = WebhookEndpoint(id: .v7(), status: .active, subscription: subscription, createdAt: environment.clock.now())
        do {
            let answer = try await environment.mutate(tenant: caller.tenant, logger: caller.logger) { connection in
                guard try await store.insert(endpoint, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("url", "is already an endpoint of this merchant")
                }
                caller.logger.info("webhook endpoint registered", metadata: ["webhook_endpoint.id": "\(endpoint.id.wire)"])
                return Components.Schemas.WebhookEndpoint(endpoint)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }

    func listWebhookEndpoints(_ input: Operations.ListWebhookEndpoints.Input) async throws -> Operations.ListWebhookEndpoints.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let body: Components.Schemas.ListWebhookEndpointsRequest
        switch input.body { case .json(let json): body = json }
        var checks = FieldChecks()
        // A merchant sees its own endpoints whatever it asks for.
        let merchant = caller.merchantScope ?? checks.optionalUUID(body.merchantId, "merchantId")
        if let error = checks.error { return .failure(error) }
        let binding = PageBinding(
            operation: "ListWebhookEndpoints", tenant: caller.tenant, merchantScope: caller.merchantScope,
            filter: "merchant=\(merchant?.wire ?? "")"
        )
        let page: PageRequest
        switch PageToken.request(pageSize: body.pageSize, pageToken: body.pageToken, binding: binding) {
        case .success(let valid): page = valid
        case .failure(let error): return .failure(error)
        }
        let fetched = try await environment.database.withTenantTransaction(caller.tenant, logger: caller.logger) { connection in
            try await store.list(
                tenant: caller.tenant, merchant: merchant, after: page.after, limit: page.size + 1, on: connection, logger: caller.logger
            )
        }
        let result = Page(fetched: fetched, request: page, binding: binding, id: \.id)
        return .ok(.init(body: .json(.init(
            webhookEndpoints: result.rows.map(Components.Schemas.WebhookEndpoint.init), nextPageToken: result.nextPageToken
        ))))
    }
}

extension Components.Schemas.WebhookEndpoint {
    /// An endpoint as the contract shows it.
    init(_ endpoint: WebhookEndpoint) {
        let subscription = endpoint.subscription
        self.init(
            webhookEndpointId: endpoint.id.wire, merchantId: subscription.merchantID.wire, url: subscription.url,
            eventTypes: subscription.eventTypes, description: subscription.description, status: endpoint.status,
            createdAt: endpoint.createdAt
        )
    }
}

// The documented error response of each operation, recorded for the request log and metrics.
extension Operations.CreateWebhookEndpoint.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}

extension Operations.ListWebhookEndpoints.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}
