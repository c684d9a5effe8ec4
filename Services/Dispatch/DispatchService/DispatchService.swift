import DispatchAPI
import Models
public import ServiceKit

/// The Dispatch service: the merchant registry, partner access, and the merchant handshake — assignment and
/// the routing queue, the merchant's steps, agreement, chasing, the escalation desk, scorecards (DESIGN §2).
public enum DispatchService: ServiceDefinition {
    public static let name = "dispatch"
    public static var migrations: [Migration] { DispatchMigrations.all }
    public static var access: AccessTable { DispatchHandlers.access }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try DispatchHandlers(
            environment: environment,
            partners: PartnerAccess(settings: environment.settings),
            deadlines: HandshakeDeadlines(settings: environment.settings)
        ).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    public static var settings: [SettingKey] { HandshakeDeadlines.settings + PartnerAccess.all }

    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        let deadlines = HandshakeDeadlines(settings: environment.settings)
        var handlers = EventHandlers()
        handlers.on(CaseRegistered.self) { event, _, context in try await HandshakeEvents.queue(event, deadlines: deadlines, context: context) }
        handlers.on(CaseCancelled.self) { event, _, context in try await HandshakeEvents.withdraw(event, context: context) }
        handlers.on(CaseUpdated.self) { event, _, context in try await HandshakeEvents.judged(event.caseID, event.judgement, context: context) }
        handlers.on(CaseDecisionRevised.self) { event, _, context in
            try await HandshakeEvents.judged(event.caseID, event.judgement, context: context)
        }
        TenantCalendars.keep(on: &handlers)
        return handlers
    }

    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        let deadlines = HandshakeDeadlines(settings: environment.settings)
        var handlers = TimerHandlers()
        handlers.on(HandshakeWriter.deadlineKind) { timer, context in
            try await HandshakeEvents.deadlinePassed(timer, defaults: deadlines, context: context)
        }
        handlers.on(HandshakeWriter.escalationKind) { timer, context in try await HandshakeEvents.escalationDue(timer, context: context) }
        return handlers
    }
}
