import DispatchAPI
public import ServiceKit

/// The Dispatch service: the merchant registry, and (as it grows) dispatch to merchants, handshakes,
/// chasing and escalations (DESIGN §2).
public enum DispatchService: ServiceDefinition {
    public static let name = "dispatch"
    public static var migrations: [Migration] { DispatchMigrations.all(roles: roles) }
    public static var access: AccessTable { DispatchHandlers.access }
    public static var contractYAML: String { EmbeddedContract.yaml }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try DispatchHandlers(environment: environment).registerHandlers(on: transport, middlewares: [OpenAPIErrorMiddleware()])
    }
}
