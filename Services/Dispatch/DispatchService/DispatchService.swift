import DispatchAPI
import Models
public import ServiceKit

/// The Dispatch service: the merchant registry, and (as it grows) dispatch to merchants, handshakes,
/// chasing and escalations (DESIGN §2).
public enum DispatchService: ServiceDefinition {
    public static let name = "dispatch"
    public static var migrations: [Migration] { DispatchMigrations.all }
    public static var access: AccessTable { DispatchHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try DispatchHandlers(environment: environment, partners: PartnerAccess(settings: environment.settings)).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    public static var settings: [SettingKey] { [MerchantResponse.responseHours] + PartnerAccess.all }

    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        let hours = environment.settings.int(MerchantResponse.responseHours)
        var handlers = EventHandlers()
        handlers.on(CaseRegistered.self) { event, _, context in try await MerchantResponseEvents.queue(event, hours: hours, context: context) }
        handlers.on(CaseCancelled.self) { event, _, context in try await MerchantResponseEvents.withdraw(event, context: context) }
        TenantCalendars.keep(on: &handlers)
        return handlers
    }

    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        var handlers = TimerHandlers()
        handlers.on(MerchantResponse.timerKind) { timer, context in try await MerchantResponseEvents.deadlinePassed(timer, context: context) }
        return handlers
    }
}
