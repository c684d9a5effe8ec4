import Foundation
import Logging
import Models
import NotificationsAPI
import ServiceKit

/// Deliveries: an endpoint's list, one delivery with its attempts, redrive, and test events. A merchant
/// caller reaches its own endpoints' deliveries only; anyone else's answer not_found.
extension NotificationsHandlers {
    func listWebhookDeliveries(_ input: Operations.ListWebhookDeliveries.Input) async throws -> Operations.ListWebhookDeliveries.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let endpointID = checks.uuid(request.webhookEndpointId, "webhookEndpointId")
            try checks.throwIfFailed()
            guard let endpointID else { throw ErrorBody.invalidArgument([]) }
            let binding = PageBinding(
                operation: "ListWebhookDeliveries",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: "endpoint=\(endpointID.wire)&status=\(request.status?.rawValue ?? "")"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let fetched = try await environment.read(caller) { [store, deliveries] connection in
                guard
                    try await store.find(endpointID, tenant: caller.tenant, merchant: caller.merchantScope, on: connection, logger: caller.logger)
                        != nil
                else { throw Self.notFound("webhookEndpointId") }
                return try await deliveries.list(
                    endpoint: endpointID,
                    status: request.status,
                    tenant: caller.tenant,
                    merchant: caller.merchantScope,
                    after: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.id)
            return .ok(.init(webhookDeliveries: result.rows.map(Components.Schemas.WebhookDelivery.init), nextPageToken: result.nextPageToken))
        }
    }

    func getWebhookDelivery(_ input: Operations.GetWebhookDelivery.Input) async throws -> Operations.GetWebhookDelivery.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.webhookDeliveryId, "webhookDeliveryId")
            let found = try await environment.read(caller) { [deliveries] connection in
                try await deliveries.find(id, tenant: caller.tenant, merchant: caller.merchantScope, on: connection, logger: caller.logger)
            }
            guard let (delivery, attempts) = found else { throw Self.notFound("webhookDeliveryId") }
            return .ok(.init(webhookDelivery: .init(delivery), attempts: attempts.map(Components.Schemas.WebhookAttempt.init)))
        }
    }

    func redriveWebhookDelivery(_ input: Operations.RedriveWebhookDelivery.Input) async throws -> Operations.RedriveWebhookDelivery.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.webhookDeliveryId, "webhookDeliveryId")
            let now = environment.clock.now()
            let window = settings.schedule.window
            let answer = try await environment.mutate(caller) { [deliveries] connection in
                guard
                    let (delivery, redriven) = try await deliveries.redrive(
                        id,
                        tenant: caller.tenant,
                        merchant: caller.merchantScope,
                        now: now,
                        window: window,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw Self.notFound("webhookDeliveryId") }
                if redriven { caller.logger.info("webhook delivery redriven", metadata: ["webhook_delivery.id": "\(id.wire)"]) }
                return Components.Schemas.WebhookDelivery(delivery)
            }
            return .ok(answer)
        }
    }

    func sendTestEvent(_ input: Operations.SendTestEvent.Input) async throws -> Operations.SendTestEvent.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let endpointID = checks.uuid(input.request.webhookEndpointId, "webhookEndpointId")
            let note = checks.optionalText(input.request.note, "note", max: 200)
            try checks.throwIfFailed()
            guard let endpointID else { throw ErrorBody.invalidArgument([]) }
            let now = environment.clock.now()
            let window = settings.schedule.window
            let outbox = environment.outbox
            let answer = try await environment.mutate(caller) { [store, queue, deliveries] connection in
                guard
                    let endpoint = try await store.find(
                        endpointID,
                        tenant: caller.tenant,
                        merchant: caller.merchantScope,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw Self.notFound("webhookEndpointId") }
                guard endpoint.status == .active else {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "the endpoint is disabled: enable it first",
                        details: [FieldViolation(field: "webhookEndpointId", reason: "is disabled")]
                    )
                }
                let payload = WebhookTestSent(webhookEndpointID: endpointID, merchantID: endpoint.subscription.merchantID, note: note)
                let entry = try outbox.entry(payload, subjectID: endpointID.wire, tenant: caller.tenant, now: now)
                try await outbox.append(entry, on: connection, logger: caller.logger)
                let queued = try await queue.enqueue(
                    .init(
                        messageID: entry.id.wire,
                        type: WebhookTestSent.type,
                        subject: entry.subject,
                        occurredAt: now,
                        merchantID: endpoint.subscription.merchantID,
                        payload: entry.envelope
                    ),
                    tenant: caller.tenant,
                    onlyTo: endpointID,
                    now: now,
                    window: window,
                    on: connection,
                    logger: caller.logger
                )
                guard let delivery = queued.first,
                    let (found, _) = try await deliveries.find(
                        delivery.delivery,
                        tenant: caller.tenant,
                        merchant: nil,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody(code: .internal, message: "the test delivery was not queued") }
                return Components.Schemas.WebhookDelivery(found)
            }
            return .ok(answer)
        }
    }
}
