public import Foundation

/// Notifications disabled a merchant's webhook endpoint that had failed every delivery for a day (its
/// queued deliveries are kept until their 3-day window ends; re-enabling it resends them). Delivered to the
/// merchant's other endpoints that subscribe to it.
public struct WebhookEndpointDisabled: EventPayload {
    public static let type = "notifications.endpoint_disabled"
    public static let schemaVersion = 1
    public static let subjectKind = "webhook_endpoint"
    public static let producer = "notifications"
    public static let summary =
        "A merchant's webhook endpoint failed every delivery for a day and was disabled; its queued deliveries are kept (until their 3-day window ends) and resent when it is enabled again."
    public static var example: Self {
        Self(
            webhookEndpointID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000d1")!,
            merchantID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!,
            url: "https://hooks.example.com/aftersales",
            failingSince: RFC3339.date("2026-11-20T09:30:00.000Z")!,
            lastError: "HTTP 503"
        )
    }

    public let webhookEndpointID: UUID
    public let merchantID: UUID
    public let url: String
    /// The first failed delivery of the failing run.
    public let failingSince: Date
    /// What the last attempt met (an HTTP status or a transport failure), at most 300 characters.
    public let lastError: String

    public init(webhookEndpointID: UUID, merchantID: UUID, url: String, failingSince: Date, lastError: String) {
        self.webhookEndpointID = webhookEndpointID
        self.merchantID = merchantID
        self.url = url
        self.failingSince = failingSince
        self.lastError = String(lastError.prefix(300))
    }

    enum CodingKeys: String, CodingKey { case webhookEndpointId, merchantId, url, failingSince, lastError }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        webhookEndpointID = try c.decodeWireUUID(forKey: .webhookEndpointId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        url = try c.decode(String.self, forKey: .url)
        failingSince = try c.decodeRFC3339(forKey: .failingSince)
        lastError = try c.decode(String.self, forKey: .lastError)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(webhookEndpointID.wireText, forKey: .webhookEndpointId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(url, forKey: .url)
        try c.encode(RFC3339.string(failingSince), forKey: .failingSince)
        try c.encode(lastError, forKey: .lastError)
    }
}

/// A test delivery a partner asked for (`SendTestEvent`): sent to that endpoint only, whatever it subscribes
/// to, signed like every delivery, so the partner can check its receiver end to end.
public struct WebhookTestSent: EventPayload {
    public static let type = "notifications.test"
    public static let schemaVersion = 1
    public static let subjectKind = "webhook_endpoint"
    public static let producer = "notifications"
    public static let summary = "A test delivery asked for with SendTestEvent: sent to that one endpoint, whatever it subscribes to."
    public static var example: Self {
        Self(
            webhookEndpointID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000d1")!,
            merchantID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!,
            note: "对接测试"
        )
    }

    public let webhookEndpointID: UUID
    public let merchantID: UUID
    /// The caller's note, if any (at most 200 characters).
    public let note: String?

    public init(webhookEndpointID: UUID, merchantID: UUID, note: String?) {
        self.webhookEndpointID = webhookEndpointID
        self.merchantID = merchantID
        self.note = note
    }

    enum CodingKeys: String, CodingKey { case webhookEndpointId, merchantId, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        webhookEndpointID = try c.decodeWireUUID(forKey: .webhookEndpointId)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(webhookEndpointID.wireText, forKey: .webhookEndpointId)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encodeIfPresent(note, forKey: .note)
    }
}
