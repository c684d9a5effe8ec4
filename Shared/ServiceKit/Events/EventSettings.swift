import Models

/// Configuration of events, timers and the test clock (DESIGN §6). What goes where is code
/// (``EventCatalog``); only the subscribers' base URLs and the cadences come from here.
public enum EventSettings {
    /// The base URL of each platform service, for relays posting to its `EventSink/Deliver`.
    public static func serviceURL(_ service: String) -> SettingKey {
        SettingKey(
            "services.\(service).url",
            .url,
            default: PlatformDirectory.service(named: service)?.localURL ?? "http://127.0.0.1:8080",
            "Base URL of the \(service) service, where relays deliver the events it subscribes to."
        )
    }

    public static let serviceKey = SettingKey(
        "auth.service_key",
        .string,
        default: "",
        secret: true,
        "Ed25519 private key (PKCS#8 PEM) the service signs its own short-lived service tokens with; required when it publishes events with subscribers. Its public key must be in every service's AUTH_JWKS."
    )
    public static let serviceKeyID = SettingKey(
        "auth.service_key_id",
        .string,
        default: "",
        "Key id (kid) of `auth.service_key` in the key set."
    )
    public static let deliveryTimeoutMs = SettingKey(
        "events.delivery_timeout_ms",
        .integer,
        default: "5000",
        "Longest a relay waits for a subscriber's answer; then it retries."
    )
    public static let batchSize = SettingKey(
        "events.batch_size",
        .integer,
        default: "50",
        "Most envelopes a relay posts in one delivery (at most 1000, what a sink accepts)."
    )
    public static let maxAttempts = SettingKey(
        "events.max_attempts",
        .integer,
        default: "12",
        "Attempts before a delivery becomes a dead letter."
    )
    public static let backoffBaseMs = SettingKey(
        "events.backoff_base_ms",
        .integer,
        default: "1000",
        "First retry delay ceiling (business clock); doubles per attempt, with jitter."
    )
    public static let backoffCapSeconds = SettingKey(
        "events.backoff_cap_seconds",
        .integer,
        default: "3600",
        "Longest retry delay."
    )
    public static let pollIntervalMs = SettingKey(
        "events.poll_interval_ms",
        .integer,
        default: "500",
        "Pause of the relay and the timer worker when idle (a commit in the same process wakes them at once)."
    )
    public static let outboxRetentionHours = SettingKey(
        "events.outbox_retention_hours",
        .integer,
        default: "168",
        "Hours (business clock) an event is kept after it was appended once every subscriber has it; then the worker's sweep deletes it and its deliveries. An event still pending or dead-lettered for anyone stays."
    )
    public static let production = SettingKey(
        "deployment.production",
        .boolean,
        default: "false",
        "A production deployment: test mode is refused at start."
    )

    public static var all: [SettingKey] {
        PlatformDirectory.names.map(serviceURL) + [
            serviceKey, serviceKeyID, deliveryTimeoutMs, batchSize, maxAttempts, backoffBaseMs, backoffCapSeconds, pollIntervalMs,
            outboxRetentionHours, production,
        ]
    }
}
