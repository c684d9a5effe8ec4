import Foundation
import Models
import ServiceKit

/// Queues a webhook delivery for every event a merchant's endpoint subscribes to, in the transaction that
/// records the event in the inbox (so an event is queued once, with its effect). The body is the catalog's
/// envelope as the producer made it.
enum WebhookEvents {
    static func keep(on handlers: inout EventHandlers, window: TimeInterval) {
        for type in WebhookCatalog.deliverablePayloadTypes where type.producer != NotificationsService.name {
            register(type, on: &handlers, window: window)
        }
    }

    private static func register<P: EventPayload>(_ type: P.Type, on handlers: inout EventHandlers, window: TimeInterval) {
        // `also`: merchant events feed the merchant directory too.
        handlers.also(P.self) { payload, header, context in
            try await queue(payload, header: header, context: context, window: window)
        }
    }

    static func queue<P: EventPayload>(_ payload: P, header: EventHeader, context: EventContext, window: TimeInterval) async throws {
        let envelope = EventEnvelope(
            id: header.id,
            tenantID: header.tenantID,
            subject: header.subject,
            occurredAt: header.occurredAt,
            producer: header.producer,
            data: payload
        )
        let body = try WireJSON.encode(envelope)
        // Who it is about, from the data as encoded for the body (encoded once).
        let data = ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["data"] as? [String: Any] ?? [:]
        let attribution = WebhookAttribution(subject: header.subject, data: data)
        let store = WebhookQueueStore()
        let (connection, tenant, logger) = (context.connection, context.tenant, context.logger)
        if let caseID = attribution.caseID, let merchant = attribution.merchantID {
            // A case handed back leaves its merchant: later events about it are not that merchant's.
            if P.type == CaseHandedBack.type {
                try await store.forgetCase(caseID, merchant: merchant, tenant: tenant, on: connection, logger: logger)
            } else {
                try await store.rememberCase(caseID, merchant: merchant, tenant: tenant, on: connection, logger: logger)
            }
        }
        var merchant = attribution.merchantID
        if merchant == nil, let caseID = attribution.caseID {
            merchant = try await store.caseMerchant(caseID, tenant: tenant, on: connection, logger: logger)
        }
        guard let merchant else { return }
        let message = WebhookQueueStore.Message(
            messageID: header.id.wireText,
            type: P.type,
            subject: header.subject,
            occurredAt: header.occurredAt,
            merchantID: merchant,
            payload: String(decoding: body, as: UTF8.self)
        )
        try await store.enqueue(message, tenant: tenant, now: context.now, window: window, on: connection, logger: logger)
    }
}
