import ReturnsAPI
public import ServiceKit

/// The Returns service: return requests from submission to the decided refund — the merchant's partner API,
/// the customer's side, the platform's review and timers (DESIGN §2) — and the refund ledger that pays them.
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

    public static var settings: [SettingKey] { PaymentSettings.all }

    /// The platform's timers of a request (rules.md §5 T-01 … T-05), and the ledger's payments: each sent to
    /// the provider, and looked up again while uncertain.
    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        var handlers = TimerHandlers()
        ReturnTimers.keep(on: &handlers)
        PaymentFlow(provider: PaymentProvider(settings: PaymentSettings(settings: environment.settings)), faults: environment.faults)
            .keep(on: &handlers)
        return handlers
    }

    /// Keeps each tenant's calendar from Intake's settings events (its deadlines count in the tenant's days),
    /// the cases and merchants requests refer to, and opens requests from the merchant's agreement.
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        var handlers = EventHandlers()
        TenantCalendars.keep(on: &handlers)
        CaseFollowing.keep(on: &handlers)
        return handlers
    }
}
