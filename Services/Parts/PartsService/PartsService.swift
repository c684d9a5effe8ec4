import PartsAPI
public import ServiceKit

/// The Parts service: the catalogue, suppliers and stock locations, the stock ledger, reservations for
/// repair orders, requisitions and purchasing, safety stock, stocktakes and part quality (DESIGN §2,
/// rules.md §2(f)).
public enum PartsService: ServiceDefinition {
    public static let name = "parts"
    public static var migrations: [Migration] { PartsMigrations.all }
    public static var access: AccessTable { PartsHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }
    public static var settings: [SettingKey] { PartsSettings.all }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try PartsHandlers(environment: environment, settings: PartsSettings(settings: environment.settings)).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    /// Holds, consumes and releases the parts of repair orders as Repairs asks.
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        var handlers = EventHandlers()
        RepairParts.keep(on: &handlers, settings: PartsSettings(settings: environment.settings))
        return handlers
    }

    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        let settings = PartsSettings(settings: environment.settings)
        var handlers = TimerHandlers()
        handlers.on(StockWriter.reservationExpiryKind) { timer, context in try await PartsTimers.reservationExpired(timer, context: context) }
        handlers.on(StockWriter.deliveryOverdueKind) { timer, context in
            try await PartsTimers.deliveryOverdue(timer, settings: settings, context: context)
        }
        return handlers
    }
}
