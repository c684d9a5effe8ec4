import Models
import NotificationsAPI
public import ServiceKit

/// The Notifications service: merchants' webhook endpoints and their deliveries, and customer care —
/// messages to customers, follow-up calls, satisfaction surveys, complaints (DESIGN §2).
public enum NotificationsService: ServiceDefinition {
    public static let name = "notifications"
    public static var migrations: [Migration] { NotificationsMigrations.all }
    public static var access: AccessTable { NotificationsHandlers.access }
    public static var settings: [SettingKey] { WebhookSettings.all }
    public static var contract: ServedContract { ServedContract(yaml: EmbeddedContract.yaml, testModeYAML: EmbeddedContract.testModeYAML) }

    public static func registerOperations(on transport: RecordingTransport, environment: ServiceEnvironment) throws {
        try NotificationsHandlers(environment: environment).registerHandlers(
            on: transport,
            configuration: transport.configuration,
            middlewares: transport.middlewares
        )
    }

    /// Keeps each tenant's calendar from Intake's settings events (its deadlines count in the tenant's days)
    /// and its merchants from Dispatch's (an endpoint is registered for a known merchant), queues a webhook
    /// delivery for every event a merchant's endpoint subscribes to, and does customer care's part
    /// (``CareEvents``: notices, follow-up tasks, surveys).
    public static func eventHandlers(environment: ServiceEnvironment) -> EventHandlers {
        var handlers = EventHandlers()
        TenantCalendars.keep(on: &handlers)
        MerchantDirectory.keep(on: &handlers)
        WebhookEvents.keep(on: &handlers, window: WebhookSettings(settings: environment.settings).schedule.window)
        CareEvents.keep(on: &handlers, channels: .sinkOnly)
        return handlers
    }

    /// Customer care's timers: messages postponed past quiet hours, and the complaint timers.
    public static func timerHandlers(environment: ServiceEnvironment) -> TimerHandlers {
        var handlers = TimerHandlers()
        CustomerMessaging.keep(on: &handlers, channels: .sinkOnly)
        ComplaintDesk.keep(on: &handlers)
        return handlers
    }

    /// The webhook delivery worker, woken by every commit that may have queued a delivery.
    public static func backgroundWorkers(environment: ServiceEnvironment, workerDatabase: Database) -> [BackgroundWorker] {
        let settings = WebhookSettings(settings: environment.settings)
        let worker = WebhookDeliveryWorker(
            database: workerDatabase,
            clock: environment.clock,
            client: OutboundClient.shared(limits: settings.limits, allowPrivateHosts: environment.settings.bool(CommonSettings.testMode)),
            settings: settings,
            outbox: environment.outbox,
            logger: environment.logger
        )
        let wakeup = Wakeup()
        environment.relayWakeup.alsoWake(wakeup)
        return [
            BackgroundWorker(interval: .milliseconds(max(10, environment.settings.int(EventSettings.pollIntervalMs))), wakeup: wakeup) {
                await worker.runOnce()
            }
        ]
    }
}
