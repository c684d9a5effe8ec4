import PartsAPI
public import ServiceKit

/// The Parts service: the catalogue, and (as it grows) stock per location, reservations, requisitions,
/// purchasing and stocktakes (DESIGN §2).
public enum PartsService: ServiceDefinition {
    public static let name = "parts"
    public static var migrations: [Migration] { PartsMigrations.all }
    public static var access: AccessTable { PartsHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try PartsHandlers(environment: environment).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }
}
