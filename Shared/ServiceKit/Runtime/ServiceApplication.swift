import Foundation
public import Hummingbird
import HummingbirdCore
import Logging
import Models
import OpenAPIHummingbird
import OpenAPIRuntime

/// The one composition root of every service: `serve` and the tests build the application here.
public enum ServiceApplication {
    /// Builds the HTTP application of service `D`, with its connection pools and background loops as
    /// lifecycle services.
    /// - Parameters:
    ///   - clock: business time; the system clock in production, a manual one in tests.
    ///   - authenticator: who the caller is; by default token verification against the configured key set.
    ///   - logSink: where JSON log lines go (standard output unless a test captures them).
    ///   - faults: failure points a test arms; none in production.
    /// - Throws: ``SettingsError`` for an unusable key set; ``AccessTableError`` when an operation has no
    ///   declared access.
    public static func build<D: ServiceDefinition>(
        _ definition: D.Type,
        settings: Settings,
        clock: any BusinessClock = SystemBusinessClock(),
        authenticator: (any Authenticator)? = nil,
        logSink: JSONLinesLogHandler.Sink = .standardOutput,
        faults: FaultPoints? = nil
    ) async throws -> some ApplicationProtocol {
        let logger = JSONLinesLogHandler.logger(
            label: D.name,
            level: Logger.Level(rawValue: settings.string(CommonSettings.logLevel)) ?? .info,
            sink: logSink
        )
        let testMode = settings.bool(CommonSettings.testMode)
        if testMode && settings.bool(EventSettings.production) {
            throw SettingsError(problems: [.init(key: CommonSettings.testMode, reason: "must be off in a production deployment")])
        }
        let metrics = ServiceMetrics()
        let database = Database(configuration: DatabaseConfiguration(settings: settings), logger: logger, metrics: metrics)
        let workerDatabase = Database(configuration: .worker(settings, role: D.roles.worker), logger: logger, metrics: nil)
        let environment = ServiceEnvironment(
            settings: settings,
            database: database,
            clock: clock,
            logger: logger,
            faults: faults,
            producer: D.name
        )
        let events = try EventRuntime.build(D.self, environment: environment, workerDatabase: workerDatabase, metrics: metrics)
        // The test clock is served only in test mode, and only over a clock that can be moved.
        let testClock = testMode ? clock as? ManualBusinessClock : nil

        let routes = try routeTable(
            D.self,
            environment: environment,
            platform: PlatformHandlers(
                sink: events.sink,
                deadLetters: DeadLetters(database: workerDatabase, clock: clock, wakeup: events.relayWakeup, logger: logger),
                testClock: testClock,
                drain: Drain(runtime: events, database: workerDatabase, clock: clock, logger: logger)
            )
        )
        let verifier: any Authenticator
        if let authenticator { verifier = authenticator } else { verifier = try await tokenAuthenticator(settings) }
        let sweeper = RetentionSweeper(
            database: workerDatabase,
            clock: clock,
            interval: .seconds(settings.int(CommonSettings.idempotencyPurgeIntervalSeconds)),
            outboxRetention: TimeInterval(settings.int(EventSettings.outboxRetentionHours) * 3600),
            logger: logger
        )

        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestMiddleware(metrics: metrics, routes: routes.table))
        router.add(
            middleware: OperationGuardMiddleware(
                routes: routes.table,
                authenticator: verifier,
                maxBodyBytes: settings.int(CommonSettings.httpMaxBodyBytes)
            )
        )
        PlatformRoutes.register(
            on: router,
            readiness: Readiness(database: database, migrator: D.migrator),
            metrics: metrics,
            contractYAML: testClock == nil ? D.contract.yaml : D.contract.testModeYAML
        )
        for registration in routes.registrations {
            router.register(registration.handler, method: registration.method, path: registration.path)
        }

        let limits = EdgeLimits(settings: settings)
        return Application(
            router: router,
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [ConnectionGuard(limits: limits)],
                    idleTimeout: limits.idleTimeout
                )
            ),
            configuration: .init(
                address: .hostname(settings.string(CommonSettings.httpHost), port: settings.int(CommonSettings.httpPort)),
                serverName: D.name,
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)
            ),
            services: [database.client, workerDatabase.client, sweeper] + events.loops
                + D.backgroundWorkers(environment: environment, workerDatabase: workerDatabase).map(\.loop),
            logger: logger
        )
    }

    /// Every operation the service routes — its own and the platform's — with who may call it.
    /// - Throws: ``AccessTableError`` when one of the service's operations has no declared access (or is
    ///   named like a platform operation): the service must not start open by omission.
    static func routeTable<D: ServiceDefinition>(
        _ definition: D.Type,
        environment: ServiceEnvironment,
        platform: PlatformHandlers
    ) throws -> (table: RouteTable, registrations: [RecordingTransport.Registration]) {
        let own = RecordingTransport()
        try D.registerOperations(on: own, environment: environment)
        let shared = RecordingTransport()
        try PlatformHandlers.register(platform, on: shared)

        var table = RouteTable()
        var undeclared: [String] = []
        for registration in own.registrations {
            guard let access = D.access[registration.operation], PlatformHandlers.access(path: registration.path) == nil else {
                undeclared.append(registration.path)
                continue
            }
            table.add(path: registration.path, method: registration.method, access: access)
        }
        guard undeclared.isEmpty else { throw AccessTableError(operations: undeclared) }
        for registration in shared.registrations {
            table.add(path: registration.path, method: registration.method, access: PlatformHandlers.access(path: registration.path))
        }
        return (table, own.registrations + shared.registrations)
    }

    static func tokenAuthenticator(_ settings: Settings) async throws(SettingsError) -> any Authenticator {
        let issuers = Set(
            settings.string(CommonSettings.authIssuers).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        )
        do {
            let partner = settings.string(CommonSettings.authPartnerKeySet)
            return try await TokenAuthenticator(
                keySet: settings.string(CommonSettings.authKeySet),
                issuers: issuers,
                partnerKeySet: partner.isEmpty ? nil : partner,
                skew: TimeInterval(settings.int(CommonSettings.authClockSkewSeconds))
            )
        } catch {
            throw SettingsError(problems: [.init(key: CommonSettings.authKeySet, reason: "\(error)")])
        }
    }
}

/// Operations routed without a declared ``OperationAccess`` (or named like a platform operation): the
/// service must not start open by omission.
public struct AccessTableError: Error, CustomStringConvertible {
    public let operations: [String]
    public var description: String { "operations without declared access: \(operations.joined(separator: ", "))" }
}
