import Foundation
import Logging
import Models
import NotificationsAPI
import ServiceKit

/// Notifications' operations on endpoints: contract in, workflow, store, contract out. Deliveries are in
/// ``WebhookDeliveryHandlers``'s extension; customer care in the Care*, FollowUp*, Complaint* and Survey* ones.
struct NotificationsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = WebhookEndpointStore()
    let secrets = WebhookSecretStore()
    let deliveries = WebhookDeliveryStore()
    let queue = WebhookQueueStore()
    var settings: WebhookSettings { WebhookSettings(settings: environment.settings) }

    /// Who may call what (DESIGN §5): a merchant integrates itself; the tenant's administrators manage any
    /// merchant's endpoints; supervisors and dashboards read them.
    static let access: AccessTable = [
        "CreateWebhookEndpoint": .mutates([.tenantAdmin, .merchant]),
        "ListWebhookEndpoints": .reads([.tenantAdmin, .supervisor, .dashboardReader, .merchant]),
        "RotateWebhookSecret": .mutates([.tenantAdmin, .merchant]),
        "EnableWebhookEndpoint": .mutates([.tenantAdmin, .merchant]),
        "DisableWebhookEndpoint": .mutates([.tenantAdmin, .merchant]),
        "SendTestEvent": .mutates([.tenantAdmin, .merchant]),
        "ListWebhookDeliveries": .reads([.tenantAdmin, .supervisor, .dashboardReader, .merchant]),
        "GetWebhookDelivery": .reads([.tenantAdmin, .supervisor, .dashboardReader, .merchant]),
        "RedriveWebhookDelivery": .mutates([.tenantAdmin, .merchant]),
    ].merging(careAccess) { first, _ in first }

    static func notFound(_ field: String) -> ErrorBody {
        ErrorBody(code: .notFound, message: "no such webhook endpoint or delivery", details: [FieldViolation(field: field, reason: "was not found")])
    }

    func createWebhookEndpoint(_ input: Operations.CreateWebhookEndpoint.Input) async throws -> Operations.CreateWebhookEndpoint.Output {
        try await answering { caller in
            let subscription = try WebhookSubscription.validate(
                WebhookSubscription.Draft(input.request),
                callerMerchant: caller.merchantScope,
                allowPrivateHosts: environment.settings.bool(CommonSettings.testMode)
            ).get()
            let now = environment.clock.now()
            let endpoint = WebhookEndpoint(id: .v7(), status: .active, subscription: subscription, createdAt: now)
            // Shown once: the answer is the only place the secret leaves the service (an Idempotency-Key
            // replay sends the recorded answer, secret included, within the key's 24 hours).
            let secret = StandardWebhooks.newSecret()
            let answer = try await environment.mutate(caller, answering: Components.Schemas.WebhookEndpoint(endpoint, signingSecret: secret)) {
                [store, secrets] connection in
                // Staff name the merchant: one the tenant has (a merchant caller's token is its own).
                if caller.merchantScope == nil,
                    try await MerchantDirectory.find(subscription.merchantID, tenant: caller.tenant, on: connection, logger: caller.logger) == nil
                {
                    throw ErrorBody(
                        code: .notFound,
                        message: "no such merchant",
                        details: [FieldViolation(field: "merchantId", reason: "is not a merchant of the tenant")]
                    )
                }
                guard try await store.insert(endpoint, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("url", "is already an endpoint of this merchant")
                }
                try await secrets.add(
                    secret,
                    endpoint: endpoint.id,
                    previousUntil: nil,
                    tenant: caller.tenant,
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
            }
            caller.logger.info("webhook endpoint registered", metadata: ["webhook_endpoint.id": "\(endpoint.id.wire)"])
            return .ok(answer)
        }
    }

    func rotateWebhookSecret(_ input: Operations.RotateWebhookSecret.Input) async throws -> Operations.RotateWebhookSecret.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let id = checks.uuid(input.request.webhookEndpointId, "webhookEndpointId")
            var overlap = settings.defaultOverlapSeconds
            if let asked = input.request.overlapSeconds {
                if WebhookSettings.overlapRange.contains(Int(clamping: asked)) {
                    overlap = Int(asked)
                } else {
                    checks.fail("overlapSeconds", "must be from 0 to 604800")
                }
            }
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let now = environment.clock.now()
            let secret = StandardWebhooks.newSecret()
            let previousUntil = now.addingTimeInterval(TimeInterval(overlap))
            let answer = try await environment.mutate(caller) { [store, secrets] connection in
                guard
                    let endpoint = try await store.find(
                        id,
                        tenant: caller.tenant,
                        merchant: caller.merchantScope,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw Self.notFound("webhookEndpointId") }
                try await secrets.add(
                    secret,
                    endpoint: id,
                    previousUntil: previousUntil,
                    tenant: caller.tenant,
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
                return Components.Schemas.WebhookEndpoint(endpoint, signingSecret: secret)
            }
            caller.logger.info("webhook secret rotated", metadata: ["webhook_endpoint.id": "\(id.wire)", "overlap_seconds": "\(overlap)"])
            return .ok(answer)
        }
    }

    func enableWebhookEndpoint(_ input: Operations.EnableWebhookEndpoint.Input) async throws -> Operations.EnableWebhookEndpoint.Output {
        try await answering { caller in .ok(try await setStatus(caller, input.request.webhookEndpointId, active: true)) }
    }

    func disableWebhookEndpoint(_ input: Operations.DisableWebhookEndpoint.Input) async throws -> Operations.DisableWebhookEndpoint.Output {
        try await answering { caller in .ok(try await setStatus(caller, input.request.webhookEndpointId, active: false)) }
    }

    private func setStatus(_ caller: TenantCaller, _ text: String, active: Bool) async throws -> Components.Schemas.WebhookEndpoint {
        do {
            var checks = FieldChecks()
            let id = checks.uuid(text, "webhookEndpointId")
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let now = environment.clock.now()
            return try await environment.mutate(caller) { [store] connection in
                guard
                    let endpoint = try await store.setStatus(
                        id,
                        active: active,
                        tenant: caller.tenant,
                        merchant: caller.merchantScope,
                        now: now,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw Self.notFound("webhookEndpointId") }
                return Components.Schemas.WebhookEndpoint(endpoint)
            }
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
                .init(webhookEndpoints: result.rows.map { Components.Schemas.WebhookEndpoint($0) }, nextPageToken: result.nextPageToken)
            )
        }
    }
}
