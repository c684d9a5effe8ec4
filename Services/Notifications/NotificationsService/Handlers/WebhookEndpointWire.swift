import Models
import NotificationsAPI
import ServiceKit

extension Components.Schemas.WebhookEndpoint {
    /// An endpoint as the contract shows it.
    init(_ endpoint: WebhookEndpoint) {
        let subscription = endpoint.subscription
        self.init(
            webhookEndpointId: endpoint.id.wire,
            merchantId: subscription.merchantID.wire,
            url: subscription.url,
            eventTypes: subscription.eventTypes,
            description: subscription.description,
            status: endpoint.status,
            createdAt: endpoint.createdAt
        )
    }
}

extension WebhookSubscription.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateWebhookEndpointRequest) {
        self.init(merchantID: request.merchantId, url: request.url, eventTypes: request.eventTypes, description: request.description)
    }
}
