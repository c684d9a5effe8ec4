import RepairsAPI
public import ServiceKit

/// The Repairs service: repair orders from reception to handover — check-in, diagnosis and quote,
/// approvals and holds, parts (through Parts' events), QC, settlement and the repair's warranty (DESIGN §2).
public enum RepairsService: ServiceDefinition {
    public static let name = "repairs"
    public static var migrations: [Migration] { RepairsMigrations.all }
    public static var access: AccessTable { RepairsHandlers.access }
    public static var settings: [SettingKey] { RepairsSettings.all }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try RepairsHandlers(environment: environment, settings: RepairsSettings(settings: environment.settings)).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    /// The repair-side deadlines (rules.md §5 T-24, T-25, T-26).
    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        var handlers = TimerHandlers()
        RepairTimers.keep(on: &handlers)
        PolicyRepairTimers.keep(on: &handlers)
        AppointmentTimers.keep(on: &handlers)
        return handlers
    }

    /// Keeps each tenant's calendar from Intake's settings events (its dates count in the tenant's days),
    /// the cases and merchants orders refer to, opens orders from agreed repairs, and follows the parts its
    /// orders wait for from Parts' events.
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        let settings = RepairsSettings(settings: environment.settings)
        var handlers = EventHandlers()
        TenantCalendars.keep(on: &handlers)
        OrderOpening.keep(on: &handlers, settings: settings)
        PartsFollowing.keep(on: &handlers, settings: settings)
        return handlers
    }
}
