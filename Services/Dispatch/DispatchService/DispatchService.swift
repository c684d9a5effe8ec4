import DispatchAPI
import Models
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

    public static var settings: [SettingKey] { [MerchantResponse.responseHours] }

    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        let hours = environment.settings.int(MerchantResponse.responseHours)
        var handlers = EventHandlers()
        handlers.on(CaseRegistered.self) { event, _, context in try await MerchantResponse.queue(event, hours: hours, context: context) }
        return handlers
    }

    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        var handlers = TimerHandlers()
        handlers.on(MerchantResponse.timerKind) { timer, context in try await MerchantResponse.deadlinePassed(timer, context: context) }
        return handlers
    }
}
