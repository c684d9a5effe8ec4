import IntakeAPI
public import ServiceKit

/// The Intake service: tenants' cases from the customer's report to the case record (DESIGN §2).
public enum IntakeService: ServiceDefinition {
    public static let name = "intake"
    public static var migrations: [Migration] { IntakeMigrations.all }
    public static var access: AccessTable { IntakeHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try IntakeHandlers(environment: environment).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    /// Folds the case-count changes into the kept counts (statistics read both) every few seconds, or at
    /// once while a backlog remains.
    public static func backgroundWorkers(environment: ServiceEnvironment, workerDatabase: Database) -> [BackgroundWorker] {
        let folding = CaseCountFolding(database: workerDatabase, logger: environment.logger)
        return [BackgroundWorker(interval: .seconds(2), wakeup: Wakeup()) { await folding.pass() }]
    }

    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        var handlers = CaseEventHandlers.all
        MerchantDirectory.keep(on: &handlers)
        return handlers
    }
}
