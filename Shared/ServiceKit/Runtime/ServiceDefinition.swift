import Foundation
public import Logging

/// What makes one service: its name, schema, contract and operations. ServiceKit does the rest the same
/// way for all six (HTTP, errors, auth, database, health, metrics, the `serve` and `migrate` commands).
public protocol ServiceDefinition: Sendable {
    /// Lowercase service name (`intake`): database roles, lock keys, log labels.
    static var name: String { get }
    /// The service's own migrations, in order, numbered from `0001`; ServiceKit's platform migrations
    /// (``PlatformMigrations``) run ahead of them under names of their own.
    static var migrations: [Migration] { get }
    /// The document served at `/openapi.yaml`: the contract merged with the platform's (embedded in the binary).
    static var contract: ServedContract { get }
    /// Configuration keys of the service's own, beyond ``CommonSettings``.
    static var settings: [SettingKey] { get }
    /// Who may call each operation and whether it mutates (declared next to the handlers).
    static var access: AccessTable { get }
    /// Registers the generated server's operations (``ServedContract/register(_:on:)``).
    static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws
    /// The handlers of the events the service consumes (``EventCatalog/subscriptions``).
    static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers
    /// The handlers of the service's timers, by kind.
    static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers
    /// The service's own background loops, beside the relay and the timer worker; `workerDatabase` is the
    /// worker role's pool (cross-tenant access to the tables whose policy allows it).
    static func backgroundWorkers(environment: ServiceEnvironment, workerDatabase: Database) -> [BackgroundWorker]
}

extension ServiceDefinition {
    public static var settings: [SettingKey] { [] }
    public static var registry: [SettingKey] { CommonSettings.all + EdgeSettings.all + [PagingSettings.tokenKeys] + EventSettings.all + settings }
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers { EventHandlers() }
    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers { TimerHandlers() }
    public static func backgroundWorkers(environment: ServiceEnvironment, workerDatabase: Database) -> [BackgroundWorker] { [] }
    public static var roles: DatabaseRoles { DatabaseRoles(service: name) }
    public static var migrator: Migrator {
        Migrator(service: name, migrations: PlatformMigrations.all(roles: roles) + migrations, readers: [roles.app])
    }
}

/// A service's served contract: its `openapi.yaml` merged with the platform contract by the contract
/// plugin, with and without the test-clock paths.
public struct ServedContract: Sendable {
    public let yaml: String
    public let testModeYAML: String

    public init(yaml: String, testModeYAML: String) {
        self.yaml = yaml
        self.testModeYAML = testModeYAML
    }
}

/// What a service's handlers are built from: no globals, everything injected.
public struct ServiceEnvironment: Sendable {
    public let settings: Settings
    public let database: Database
    public let clock: any BusinessClock
    public let logger: Logger
    /// Fault points armed by tests; nil in production.
    public let faults: FaultPoints?
    /// Where the service's events go, in the caller's transaction.
    public let outbox: Outbox
    /// The service's durable timers, scheduled and cancelled in the caller's transaction.
    public let timers = Timers()
    /// Wakes the relay after a commit, so events leave without waiting for its next poll.
    public let relayWakeup = Wakeup()
    /// Seals and opens the page tokens of the service's lists.
    public let pageTokens: PageTokens

    public init(
        settings: Settings,
        database: Database,
        clock: any BusinessClock,
        logger: Logger,
        faults: FaultPoints? = nil,
        producer: String = ""
    ) {
        self.settings = settings
        self.database = database
        self.clock = clock
        self.logger = logger
        self.faults = faults
        self.outbox = Outbox(producer: producer)
        // Checked at start (a service without usable keys does not start), so present here.
        self.pageTokens = PageTokens(keys: PageTokens.keys(settings.string(PagingSettings.tokenKeys)) ?? [])
    }
}

/// The three roles of a service's database (DESIGN §5): the owner runs migrations; the app role serves and
/// owns nothing, so row-level security binds it; the worker is the app role plus cross-tenant access to
/// infrastructure tables only.
public struct DatabaseRoles: Sendable, Equatable {
    public let owner: String
    public let app: String
    public let worker: String
    /// Owns the views that select one tenant's rows themselves (`WHERE tenant_id = current_tenant()`), for
    /// the queries row-level security would slow down: a policy's rows are filtered before any condition that
    /// is not leakproof (LIKE, for one), so such a condition can never use an index. No login; bypasses
    /// row-level security, which its views' own tenant condition replaces.
    public let definer: String

    public init(service: String) {
        owner = "\(service)_owner"
        app = "\(service)_app"
        worker = "\(service)_worker"
        definer = "\(service)_definer"
    }
}
