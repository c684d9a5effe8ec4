public import Logging
public import Models
public import PostgresNIO
import Synchronization

/// The service's connection pool and the only ways to run work on it: inside a transaction scoped to one
/// tenant (every request), or, for the platform's own infrastructure, unscoped.
///
/// The tenant is set per transaction with `set_config('app.tenant_id', …, true)` — never per session, so
/// a pooled connection can't carry one request's tenant into the next (protocol-and-reliability §4.3).
public final class Database: Sendable {
    public let client: PostgresClient
    public let maximumConnections: Int
    /// The longest a transaction may take, from asking for a connection to commit (see ``withTransaction``).
    public let transactionTimeout: Duration
    private let leased = Atomic<Int>(0)
    private let metrics: ServiceMetrics?

    public init(configuration: DatabaseConfiguration, logger: Logger, metrics: ServiceMetrics?) {
        var config = PostgresClient.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.user,
            password: configuration.password,
            database: configuration.database,
            tls: .disable
        )
        config.options.maximumConnections = configuration.maximumConnections
        config.options.additionalStartupParameters = configuration.startupParameters
        config.options.connectTimeout = .milliseconds(Int64(configuration.connectTimeoutMs))
        self.client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.maximumConnections = configuration.maximumConnections
        self.transactionTimeout = .milliseconds(configuration.transactionTimeoutMs)
        self.metrics = metrics
    }

    /// Runs `work` in one transaction whose rows all belong to `tenant`; row-level security enforces it.
    public func withTenantTransaction<Result: Sendable>(
        _ tenant: TenantID,
        logger: Logger,
        deadline: ContinuousClock.Instant? = nil,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withTransaction(logger: logger, deadline: deadline) { connection in
            try await TenantSetting.apply(tenant, on: connection, logger: logger)
            return try await work(connection)
        }
    }

    /// Runs `work` in one transaction with no tenant set: any tenant table touched here raises.
    /// An error thrown by `work` is rethrown as itself once the transaction is rolled back (PostgresNIO
    /// wraps it), so handlers can catch their own ``ErrorBody``.
    ///
    /// Bounded by ``transactionTimeout``: while the database is unreachable the pool waits for a connection
    /// without end, and a query on a connection the server has terminated never returns (PostgresNIO
    /// 1.33), so the caller is answered `unavailable` at the bound instead of hanging.
    ///
    /// A request's `deadline` (its `Connect-Timeout-Ms`) bounds it too, when it is nearer: past it the caller
    /// is answered `deadline_exceeded`, and a transaction not begun by then is not begun.
    public func withTransaction<Result: Sendable>(
        logger: Logger,
        deadline: ContinuousClock.Instant? = nil,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        var limit = transactionTimeout
        var boundByDeadline = false
        if let deadline {
            let remaining = deadline - .now
            guard remaining > .zero else { throw ErrorBody.deadlineExceeded }
            if remaining < limit { (limit, boundByDeadline) = (remaining, true) }
        }
        lease(+1)
        defer { lease(-1) }
        let client = self.client
        do {
            return try await withTimeout(limit) {
                try await client.withTransaction(logger: logger) { connection in
                    try await work(connection)
                }
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError, error.rollbackError == nil { throw cause }
            throw error
        } catch is TimeoutError {
            if boundByDeadline { throw ErrorBody.deadlineExceeded }
            logger.warning("database transaction timed out", metadata: ["limit": "\(transactionTimeout)"])
            throw ErrorBody(code: .unavailable, message: "the database did not answer in time; retry shortly")
        }
    }

    /// A connection outside any transaction (readiness checks, migrations' advisory lock).
    public func withConnection<Result: Sendable>(_ work: (PostgresConnection) async throws -> Result) async throws -> Result {
        lease(+1)
        defer { lease(-1) }
        return try await client.withConnection { connection in try await work(connection) }
    }

    private func lease(_ delta: Int) {
        let now = leased.add(delta, ordering: .relaxed).newValue
        metrics?.recordPool(leased: now, maximum: maximumConnections)
    }
}

/// Where and how to connect; built from ``Settings`` by the runtime.
public struct DatabaseConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var maximumConnections: Int
    public var connectTimeoutMs: Int
    public var transactionTimeoutMs: Int
    /// Settings every connection of the pool starts with (`SET` at connection time, no round trip per use).
    public var startupParameters: [(String, String)] = []

    public init(
        host: String,
        port: Int,
        user: String,
        password: String?,
        database: String,
        maximumConnections: Int = 10,
        connectTimeoutMs: Int = 3000,
        transactionTimeoutMs: Int = 15000
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.maximumConnections = maximumConnections
        self.connectTimeoutMs = connectTimeoutMs
        self.transactionTimeoutMs = transactionTimeoutMs
    }

    /// The app role's connection (`serve`), or the owner's (`migrate`).
    public init(settings: Settings, asOwner: Bool = false) {
        let user =
            asOwner
            ? (settings.optionalString(CommonSettings.dbOwnerUser) ?? settings.string(CommonSettings.dbUser))
            : settings.string(CommonSettings.dbUser)
        let password =
            asOwner
            ? settings.optionalString(CommonSettings.dbOwnerPassword)
            : settings.optionalString(CommonSettings.dbPassword)
        self.init(
            host: settings.string(CommonSettings.dbHost),
            port: settings.int(CommonSettings.dbPort),
            user: user,
            password: password,
            database: settings.string(CommonSettings.dbName),
            maximumConnections: settings.int(CommonSettings.dbMaxConnections),
            connectTimeoutMs: settings.int(CommonSettings.dbConnectTimeoutMs),
            transactionTimeoutMs: settings.int(CommonSettings.dbTransactionTimeoutMs)
        )
    }
}

extension DatabaseConfiguration {
    /// The worker role's connection: a small pool for cross-tenant infrastructure work (relay, timers, purge, operators).
    public static func worker(_ settings: Settings, role defaultRole: String) -> DatabaseConfiguration {
        var configuration = DatabaseConfiguration(settings: settings)
        configuration.user = settings.optionalString(CommonSettings.dbWorkerUser) ?? defaultRole
        configuration.password = settings.optionalString(CommonSettings.dbWorkerPassword)
        configuration.maximumConnections = 4
        // The worker reads queues — the earliest due deliveries and timers — in index order with a LIMIT. On
        // a table whose statistics lag its growth the planner would rather bitmap-scan and sort every pending
        // row (470 ms per relay claim at a backlog of 41,000, `make bench`); without bitmap scans it reads
        // the index in order and stops at the limit.
        // Its prepared statements are planned at every execution (once per batch: the planning is cheap next to
        // the batch): a plan kept from the connection's first claim, made while the outbox was near empty, went
        // on joining each claimed delivery to its event by scanning the whole outbox (48,000 buffers, 380 ms a
        // claim after 20 s of `make bench`) until the next ANALYZE.
        configuration.startupParameters = [("enable_bitmapscan", "off"), ("plan_cache_mode", "force_custom_plan")]
        return configuration
    }
}
