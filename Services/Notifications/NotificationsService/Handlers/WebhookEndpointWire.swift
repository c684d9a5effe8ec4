import Foundation
import Models
import NotificationsAPI
import ServiceKit

extension Components.Schemas.WebhookEndpoint {
    /// An endpoint as the contract shows it; `signingSecret` only in the answer that made the secret.
    init(_ endpoint: WebhookEndpoint, signingSecret: String? = nil) {
        let subscription = endpoint.subscription
        self.init(
            webhookEndpointId: endpoint.id.wire,
            merchantId: subscription.merchantID.wire,
            url: subscription.url,
            eventTypes: subscription.eventTypes,
            description: subscription.description,
            status: endpoint.status,
            disabledReason: endpoint.disabledReason.flatMap(DisabledReasonPayload.init(rawValue:)),
            failingSince: endpoint.failingSince,
            lastError: endpoint.lastError,
            signingSecret: signingSecret,
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

extension Components.Schemas.WebhookDelivery {
    init(_ delivery: WebhookDelivery) {
        self.init(
            webhookDeliveryId: delivery.id.wire,
            webhookEndpointId: delivery.endpointID.wire,
            merchantId: delivery.merchantID.wire,
            webhookId: delivery.messageID,
            eventType: delivery.eventType,
            subject: .init(kind: delivery.subject.kind, id: delivery.subject.id),
            status: delivery.status,
            attempts: Int64(delivery.attempts),
            nextAttemptAt: delivery.nextAttemptAt,
            expiresAt: delivery.expiresAt,
            lastHttpStatus: delivery.lastStatus.map(Int64.init),
            lastError: delivery.lastError,
            createdAt: delivery.createdAt,
            deliveredAt: delivery.deliveredAt
        )
    }
}

extension Components.Schemas.WebhookAttempt {
    init(_ attempt: WebhookAttempt) {
        self.init(
            attempt: Int64(attempt.attempt),
            attemptedAt: attempt.attemptedAt,
            succeeded: attempt.succeeded,
            httpStatus: attempt.httpStatus.map(Int64.init),
            latencyMs: Int64(attempt.latencyMs),
            error: attempt.error,
            responseExcerpt: attempt.responseExcerpt
        )
    }
}
