public import Foundation
public import Models

/// One event queued for one endpoint: its body is fixed when queued and sent unchanged at every attempt.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: UUID
    public var endpointID: UUID
    public var merchantID: UUID
    /// The `webhook-id` header: the event's id.
    public var messageID: String
    public var eventType: String
    public var subject: EventSubject
    public var status: WebhookDeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var expiresAt: Date
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?
}

/// One attempt of a delivery, as its log shows it.
public struct WebhookAttempt: Sendable, Equatable {
    public var attempt: Int
    public var attemptedAt: Date
    public var succeeded: Bool
    public var httpStatus: Int?
    public var latencyMs: Int
    public var error: String?
    /// At most 1 KiB of the answer's body.
    public var responseExcerpt: String
}

/// A delivery claimed by the worker for one attempt.
struct ClaimedDelivery: Sendable {
    let tenant: UUID
    let id: UUID
    let endpointID: UUID
    let merchantID: UUID
    let url: String
    let messageID: String
    let payload: String
    /// This attempt's number.
    let attempt: Int
    /// The end of its retry window (3 days after queueing, or after its last redrive).
    let expiresAt: Date
}
