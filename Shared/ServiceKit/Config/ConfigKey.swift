import Foundation

/// One documented configuration key: its dotted name (`db.host`, read from the environment as `DB_HOST`),
/// what it means, its default and whether it is a secret (never logged, redacted in errors).
///
/// Every key a service reads is declared once in its registry, so the README's configuration table, the
/// compose file checks and the startup errors all speak of the same keys.
public struct SettingKey: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case string, integer, boolean, port, url, uuid, timeZone, keySet, symmetricKeys
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: String?
    public let isSecret: Bool
    public let summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String?, secret: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.summary = summary
    }

    /// The environment variable that carries the key (swift-configuration's encoding: `db.max_connections` → `DB_MAX_CONNECTIONS`).
    public var environmentName: String {
        name.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

/// The keys every service reads through ServiceKit. A service adds its own to these.
public enum CommonSettings {
    public static let httpHost = SettingKey("http.host", .string, default: "127.0.0.1", "Address the HTTP server binds to.")
    public static let httpPort = SettingKey("http.port", .port, default: "8080", "Port the HTTP server listens on.")
    public static let logLevel = SettingKey(
        "log.level",
        .string,
        default: "info",
        "Log level: trace, debug, info, notice, warning, error or critical."
    )
    public static let dbHost = SettingKey("db.host", .string, default: "127.0.0.1", "PostgreSQL host.")
    public static let dbPort = SettingKey("db.port", .port, default: "5432", "PostgreSQL port.")
    public static let dbName = SettingKey("db.name", .string, default: nil, "The service's own database.")
    public static let dbUser = SettingKey(
        "db.user",
        .string,
        default: nil,
        "Role for `serve`: the service's app role (owns nothing, cannot bypass RLS)."
    )
    public static let dbPassword = SettingKey("db.password", .string, default: "", secret: true, "Password of `db.user`.")
    public static let dbOwnerUser = SettingKey(
        "db.owner_user",
        .string,
        default: "",
        "Role for `migrate`: owns the schema. Defaults to `db.user`."
    )
    public static let dbOwnerPassword = SettingKey(
        "db.owner_password",
        .string,
        default: "",
        secret: true,
        "Password of `db.owner_user`."
    )
    public static let dbMaxConnections = SettingKey(
        "db.max_connections",
        .integer,
        default: "10",
        "Size of the connection pool."
    )
    public static let dbConnectTimeoutMs = SettingKey(
        "db.connect_timeout_ms",
        .integer,
        default: "3000",
        "Timeout of one connection attempt, in milliseconds."
    )
    public static let dbTransactionTimeoutMs = SettingKey(
        "db.transaction_timeout_ms",
        .integer,
        default: "15000",
        "Longest a request's transaction may take, waiting for a connection included; past it the answer is unavailable."
    )
    public static let httpMaxBodyBytes = SettingKey(
        "http.max_body_bytes",
        .integer,
        default: "1048576",
        "Largest request body accepted; larger is invalid_argument."
    )
    public static let timeZone = SettingKey(
        "tenant.default_time_zone",
        .timeZone,
        default: "Asia/Shanghai",
        "Time zone of tenants that name none."
    )

    public static let authKeySet = SettingKey(
        "auth.jwks",
        .keySet,
        default: nil,
        "JSON Web Key Set of the Ed25519 public keys tokens are verified against, each with a kid; rotate by adding a key, then retiring the old one."
    )
    public static let authPartnerKeySet = SettingKey(
        "auth.partner_jwks",
        .string,
        default: "",
        "Dispatch's JSON Web Key Set for partner merchants' tokens (Dispatch publishes it at /.well-known/jwks.json): trusted only for the issuer aftersales-dispatch and the merchant role. Empty: no partner tokens."
    )
    public static let authIssuers = SettingKey(
        "auth.issuers",
        .string,
        default: "aftersales-operator",
        "Accepted token issuers (iss), comma-separated."
    )
    public static let authClockSkewSeconds = SettingKey(
        "auth.clock_skew_seconds",
        .integer,
        default: "60",
        "Tolerance on a token's exp and nbf against the wall clock."
    )
    public static let idempotencyRetentionHours = SettingKey(
        "idempotency.retention_hours",
        .integer,
        default: "24",
        "How long an Idempotency-Key's answer is kept (business clock)."
    )
    public static let idempotencyInFlightWaitMs = SettingKey(
        "idempotency.in_flight_wait_ms",
        .integer,
        default: "2000",
        "How long a duplicate waits for the in-flight original before it is answered aborted."
    )
    public static let idempotencyPurgeIntervalSeconds = SettingKey(
        "idempotency.purge_interval_seconds",
        .integer,
        default: "300",
        "Pause between the worker's retention sweeps: expired idempotency keys, and events every subscriber has had for longer than `events.outbox_retention_hours`."
    )
    public static let dbWorkerUser = SettingKey(
        "db.worker_user",
        .string,
        default: "",
        "Role of the background worker (cross-tenant infrastructure work). Defaults to `<service>_worker`."
    )
    public static let dbWorkerPassword = SettingKey("db.worker_password", .string, default: "", secret: true, "Password of `db.worker_user`.")

    public static let testMode = SettingKey(
        "test.mode",
        .boolean,
        default: "false",
        "Test mode: enables test-only paths and fault points. Never in production."
    )
    public static let testFaultPoints = SettingKey(
        "test.fault_points",
        .string,
        default: "",
        "Fault points armed at start (test mode only), comma-separated, `point*n` for n times: before_effect_commits, after_effect_committed, relay_after_claim, relay_after_post, relay_before_commit, timer_during_handler, sink_unavailable, sink_rejects, sink_slow_answer."
    )

    public static let testClockStart = SettingKey(
        "test.clock_start",
        .string,
        default: "",
        "The test clock's first instant, RFC 3339 (test mode only): tests then set dates of their own without racing the calendar. Empty: the wall clock's whole second."
    )

    public static let tasksOnEventLoops = SettingKey(
        "runtime.tasks_on_event_loops",
        .boolean,
        default: "false",
        "Run Swift concurrency's tasks on the event loops that serve HTTP and PostgreSQL instead of the default pool (`serve` only). Off: on 2 cores it cost throughput and latency (`make bench`, 2026-11-30)."
    )

    public static let dbAdminUser = SettingKey(
        "db.admin_user",
        .string,
        default: "postgres",
        "Superuser for `provision` (creates the roles and the database)."
    )
    public static let dbAdminPassword = SettingKey(
        "db.admin_password",
        .string,
        default: "",
        secret: true,
        "Password of `db.admin_user`."
    )

    /// What `migrate` reads: the connection, as the owner.
    public static let database: [SettingKey] = [
        logLevel, dbHost, dbPort, dbName, dbUser, dbPassword, dbOwnerUser, dbOwnerPassword, dbMaxConnections,
        dbConnectTimeoutMs, dbTransactionTimeoutMs,
    ]

    /// What `provision` reads.
    public static let provisioning: [SettingKey] = database + [dbWorkerPassword, dbAdminUser, dbAdminPassword]

    public static let all: [SettingKey] = [
        httpHost, httpPort, logLevel, dbHost, dbPort, dbName, dbUser, dbPassword, dbOwnerUser, dbOwnerPassword,
        dbMaxConnections, dbConnectTimeoutMs, dbTransactionTimeoutMs, httpMaxBodyBytes, timeZone, authKeySet, authPartnerKeySet, authIssuers,
        authClockSkewSeconds,
        idempotencyRetentionHours, idempotencyInFlightWaitMs, idempotencyPurgeIntervalSeconds, dbWorkerUser, dbWorkerPassword,
        testMode, testFaultPoints, testClockStart, tasksOnEventLoops, dbAdminUser, dbAdminPassword,
    ]
}
