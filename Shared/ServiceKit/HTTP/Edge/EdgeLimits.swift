public import NIOCore

/// What one client may take of a service (DESIGN §4: header, body and idle timeouts bound every connection;
/// a slow or broken client gets a 4xx or a closed socket, never a 5xx), from its settings.
public struct EdgeLimits: Sendable {
    public let headerTimeout: TimeAmount
    public let bodyTimeout: TimeAmount
    public let idleTimeout: TimeAmount
    public let maxConnections: Int

    public init(settings: Settings) {
        headerTimeout = .milliseconds(Int64(settings.int(EdgeSettings.headerTimeoutMs)))
        bodyTimeout = .milliseconds(Int64(settings.int(EdgeSettings.bodyTimeoutMs)))
        idleTimeout = .seconds(Int64(settings.int(EdgeSettings.idleTimeoutSeconds)))
        maxConnections = settings.int(EdgeSettings.maxConnections)
    }
}

/// The settings of ``EdgeLimits``.
public enum EdgeSettings {
    public static let headerTimeoutMs = SettingKey(
        "http.header_timeout_ms",
        .integer,
        default: "10000",
        "Longest from a request's first byte to its complete head; then 408 and the connection closes."
    )
    public static let bodyTimeoutMs = SettingKey(
        "http.body_timeout_ms",
        .integer,
        default: "30000",
        "Longest from a request's head to the end of its body; then 408 and the connection closes."
    )
    public static let idleTimeoutSeconds = SettingKey(
        "http.idle_timeout_seconds",
        .integer,
        default: "75",
        "A connection with no request in flight is closed after this."
    )
    public static let maxConnections = SettingKey(
        "http.max_connections",
        .integer,
        default: "1024",
        "Open connections at most; further ones wait in the listen backlog until one closes."
    )

    public static var all: [SettingKey] { [headerTimeoutMs, bodyTimeoutMs, idleTimeoutSeconds, maxConnections] }
}
