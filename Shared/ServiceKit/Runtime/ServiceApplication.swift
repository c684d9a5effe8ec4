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
    ///   - authenticator: who the caller is; by default the one the settings describe.
    ///   - logSink: where JSON log lines go (standard output unless a test captures them).
    public static func build<D: ServiceDefinition>(
        _ definition: D.Type,
        settings: Settings,
        clock: any BusinessClock = SystemBusinessClock(),
        authenticator: (any Authenticator)? = nil,
        logSink: JSONLinesLogHandler.Sink = .standardOutput
    ) throws -> some ApplicationProtocol {
        let logger = JSONLinesLogHandler.logger(
            label: D.name,
            level: Logger.Level(rawValue: settings.string(CommonSettings.logLevel)) ?? .info,
            sink: logSink
        )
        let metrics = ServiceMetrics()
        let database = Database(configuration: DatabaseConfiguration(settings: settings), logger: logger, metrics: metrics)
        let environment = ServiceEnvironment(settings: settings, database: database, clock: clock, logger: logger)

        let transport = RecordingTransport()
        try D.registerOperations(on: transport, environment: environment)
        let routes = transport.routeTable

        let router = Router()
        router.add(middleware: RequestLogMiddleware(metrics: metrics, routes: routes))
        router.add(middleware: ErrorMappingMiddleware(routes: routes))
        router.add(
            middleware: OperationGuardMiddleware(
                routes: routes,
                authenticator: try authenticator ?? defaultAuthenticator(settings),
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
            services: [database.client],
            logger: logger
        )
    }

    static func defaultAuthenticator(_ settings: Settings) throws(SettingsError) -> any Authenticator {
        let raw = settings.string(CommonSettings.singleTenantID)
        guard let tenant = TenantID(raw) else {
            throw SettingsError(problems: [.init(key: CommonSettings.singleTenantID, reason: "must be a UUID, got \"\(raw)\"")])
        }
        return SingleTenantAuthenticator(tenantID: tenant)
    }
}
