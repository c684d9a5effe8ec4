import NotificationsAPI
public import ServiceKit

/// The Notifications service: merchants' webhook endpoints, and (as it grows) deliveries, customer
/// messages, follow-ups and surveys (DESIGN §2).
public enum NotificationsService: ServiceDefinition {
    public static let name = "notifications"
    public static var migrations: [Migration] { NotificationsMigrations.all }
    public static var access: AccessTable { NotificationsHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try NotificationsHandlers(environment: environment).registerHandlers(
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
