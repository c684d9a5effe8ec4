import RepairsAPI
public import ServiceKit

/// The Repairs service: repair orders, and (as it grows) diagnosis, quotes, approvals, progress checks,
/// QC and repair warranty (DESIGN §2).
public enum RepairsService: ServiceDefinition {
    public static let name = "repairs"
    public static var migrations: [Migration] { RepairsMigrations.all }
    public static var access: AccessTable { RepairsHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try RepairsHandlers(environment: environment).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    /// Keeps each tenant's calendar from Intake's settings events (its deadlines count in the tenant's days),
    /// and follows the parts its orders wait for from Parts' events.
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        var handlers = EventHandlers()
        TenantCalendars.keep(on: &handlers)
        PartsFollowing.keep(on: &handlers)
        return handlers
    }
}
