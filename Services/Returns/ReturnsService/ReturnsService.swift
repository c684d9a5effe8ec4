import ReturnsAPI
public import ServiceKit

/// The Returns service: return requests, and (as it grows) merchant responses, the refund ledger and the
/// platform timers (DESIGN §2).
public enum ReturnsService: ServiceDefinition {
    public static let name = "returns"
    public static var migrations: [Migration] { ReturnsMigrations.all }
    public static var access: AccessTable { ReturnsHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try ReturnsHandlers(environment: environment).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    /// Keeps each tenant's calendar from Intake's settings events (its deadlines count in the tenant's days).
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        var handlers = EventHandlers()
        TenantCalendars.keep(on: &handlers)
        return handlers
    }
}
