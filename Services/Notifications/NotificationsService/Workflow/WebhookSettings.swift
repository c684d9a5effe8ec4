public import Models
public import ServiceKit

/// How Notifications calls partners' endpoints: the limits of every call, how many go at once, and how long
/// a rotated secret stays valid by default.
public struct WebhookSettings: Sendable, Equatable {
    public var limits: OutboundLimits
    public var concurrency: Int
    public var defaultOverlapSeconds: Int
    public var schedule: WebhookRetrySchedule

    public init(settings: Settings) {
        limits = OutboundLimits(
            connectTimeout: .milliseconds(min(30_000, max(100, settings.int(Self.connectTimeoutKey)))),
            totalTimeout: .milliseconds(min(60_000, max(200, settings.int(Self.totalTimeoutKey)))),
            maxResponseBytes: min(1 << 20, max(1024, settings.int(Self.maxResponseBytesKey)))
        )
        concurrency = min(64, max(1, settings.int(Self.concurrencyKey)))
        defaultOverlapSeconds = Self.overlapRange.clamped(settings.int(Self.overlapKey))
        schedule = .standard
    }

    /// A rotated secret's overlap: none to a week.
    static let overlapRange = 0...604_800

    public static let connectTimeoutKey = SettingKey(
        "webhooks.connect_timeout_ms",
        .integer,
        default: "3000",
        "Longest wait to connect to a partner's endpoint (100–30000 ms); then the attempt failed."
    )
    public static let totalTimeoutKey = SettingKey(
        "webhooks.timeout_ms",
        .integer,
        default: "10000",
        "Longest an attempt may take, connect to the last byte of the answer (200–60000 ms); a slower answer is cut off and the attempt failed."
    )
    public static let maxResponseBytesKey = SettingKey(
        "webhooks.max_response_bytes",
        .integer,
        default: "65536",
        "Most bytes of an answer read (1 KiB–1 MiB); a larger answer is cut off and the attempt failed. The delivery log keeps 1 KiB."
    )
    public static let concurrencyKey = SettingKey(
        "webhooks.concurrency",
        .integer,
        default: "16",
        "Deliveries attempted at once by one process (1–64)."
    )
    public static let overlapKey = SettingKey(
        "webhooks.secret_overlap_seconds",
        .integer,
        default: "86400",
        "How long the previous signing secret stays valid after a rotation when the caller names no overlap (0–604800)."
    )
    public static var all: [SettingKey] { [connectTimeoutKey, totalTimeoutKey, maxResponseBytesKey, concurrencyKey, overlapKey] }
}

extension ClosedRange where Bound == Int {
    func clamped(_ value: Int) -> Int { Swift.min(upperBound, Swift.max(lowerBound, value)) }
}
