import Foundation
public import Hummingbird
import Logging
import Models
import OpenAPIHummingbird
import OpenAPIRuntime

/// The one composition root of every service: `serve` and the tests build the application here.
public enum ServiceApplication {
    /// Builds the HTTP application of service `D`, with its connection pool as a lifecycle service.
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
            settings: settings, database: database, clock: clock, logger: logger, faults: faults, producer: D.name
        )
        let events = try EventRuntime.build(D.self, environment: environment, workerDatabase: workerDatabase, metrics: metrics)
        // The test clock is served only in test mode, and only over a clock that can be moved.
        let testClock = testMode ? clock as? ManualBusinessClock : nil

        let transport = RecordingTransport()
        try D.registerOperations(on: transport, environment: environment)
        var routes = transport.routeTable
        for path in PlatformOperations.paths(testClock: testClock != nil) { routes.add(path: path, method: .post) }
        let platformAccess = PlatformOperations.access(testClock: testClock != nil)
        let access = D.access.merging(platformAccess) { own, _ in own }
        let verifier: any Authenticator
        if let authenticator { verifier = authenticator } else { verifier = try await tokenAuthenticator(settings) }
        let undeclared = transport.registrations.map(\.path).filter { path in
            let operation = String(path.split(separator: "/").last ?? "")
            return D.access[operation] == nil || platformAccess[operation] != nil
        }
        guard undeclared.isEmpty else { throw AccessTableError(operations: undeclared) }
        let purger = IdempotencyPurger(
            database: workerDatabase,
            clock: clock,
            interval: .seconds(settings.int(CommonSettings.idempotencyPurgeIntervalSeconds)),
            logger: logger
        )

        let router = Router()
        router.add(middleware: RequestLogMiddleware(metrics: metrics, routes: routes))
        router.add(middleware: ErrorMappingMiddleware(routes: routes))
        router.add(
            middleware: OperationGuardMiddleware(
                routes: routes,
                access: access,
                authenticator: verifier,
                faults: faults,
                maxBodyBytes: settings.int(CommonSettings.httpMaxBodyBytes)
            )
        )
        PlatformRoutes.register(
            on: router,
            readiness: Readiness(database: database, migrator: D.migrator),
            metrics: metrics,
            contractYAML: D.contractYAML
        )
        PlatformOperations.register(
            on: router, runtime: events,
            deadLetters: DeadLetters(database: workerDatabase, clock: clock, wakeup: events.relayWakeup, logger: logger),
            testClock: testClock, drain: Drain(runtime: events, database: workerDatabase, clock: clock, logger: logger),
            maxBodyBytes: settings.int(CommonSettings.httpMaxBodyBytes)
        )
        for registration in transport.registrations {
            router.register(registration.handler, method: registration.method, path: registration.path)
        }

        return Application(
            router: router,
            configuration: .init(
                address: .hostname(settings.string(CommonSettings.httpHost), port: settings.int(CommonSettings.httpPort)),
                serverName: D.name
            ),
            services: [database.client, workerDatabase.client, purger] + events.loops,
            logger: logger
        )
    }

    static func tokenAuthenticator(_ settings: Settings) async throws(SettingsError) -> any Authenticator {
        let issuers = Set(settings.string(CommonSettings.authIssuers).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })
        do {
            return try await TokenAuthenticator(
                keySet: settings.string(CommonSettings.authKeySet),
                issuers: issuers,
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
