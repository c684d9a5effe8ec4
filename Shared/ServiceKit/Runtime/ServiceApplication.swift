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
        let metrics = ServiceMetrics()
        let database = Database(configuration: DatabaseConfiguration(settings: settings), logger: logger, metrics: metrics)
        let environment = ServiceEnvironment(settings: settings, database: database, clock: clock, logger: logger, faults: faults)

        let transport = RecordingTransport()
        try D.registerOperations(on: transport, environment: environment)
        let routes = transport.routeTable
        let verifier: any Authenticator
        if let authenticator { verifier = authenticator } else { verifier = try await tokenAuthenticator(settings) }
        let undeclared = transport.registrations.map(\.path).filter { path in
            D.access[String(path.split(separator: "/").last ?? "")] == nil
        }
        guard undeclared.isEmpty else { throw AccessTableError(operations: undeclared) }
        let worker = IdempotencyPurger(
            database: Database(configuration: .worker(settings, role: D.roles.worker), logger: logger, metrics: nil),
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
                access: D.access,
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
        for registration in transport.registrations {
            router.register(registration.handler, method: registration.method, path: registration.path)
        }

        return Application(
            router: router,
            configuration: .init(
                address: .hostname(settings.string(CommonSettings.httpHost), port: settings.int(CommonSettings.httpPort)),
                serverName: D.name
            ),
            services: [database.client, worker.database.client, worker],
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

/// Operations routed without a declared ``OperationAccess``: the service must not start open by omission.
public struct AccessTableError: Error, CustomStringConvertible {
    public let operations: [String]
    public var description: String { "operations without declared access: \(operations.joined(separator: ", "))" }
}
