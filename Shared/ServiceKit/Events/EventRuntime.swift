import Foundation
import Logging
import Models

/// Everything events and timers need in one process, built from the service's settings: the relay to its
/// subscribers, the timer worker, the sink of the events it consumes, and the loops that run them.
public struct EventRuntime: Sendable {
    public let relay: EventRelay
    public let timerWorker: TimerWorker
    public let sink: EventSink
    /// Woken by every commit that may have appended events.
    public let relayWakeup: Wakeup
    let pollInterval: Duration

    /// - Throws: ``SettingsError`` when the service publishes events with subscribers and has no key to
    ///   sign its service token with, or when test mode meets production settings.
    static func build<D: ServiceDefinition>(
        _ definition: D.Type,
        environment: ServiceEnvironment,
        workerDatabase: Database,
        metrics: ServiceMetrics
    ) throws -> EventRuntime {
        let settings = environment.settings
        let subscribers = EventCatalog.subscribers(ofProducer: D.name)
        var client: PlatformClient?
        let keyPEM = settings.optionalString(EventSettings.serviceKey)
        if let keyPEM {
            do {
                let issuer = try TokenIssuer(privateKeyPEM: keyPEM, keyID: settings.string(EventSettings.serviceKeyID))
                client = PlatformClient(tokens: ServiceTokens(issuer: issuer, service: D.name))
            } catch {
                throw SettingsError(problems: [.init(key: EventSettings.serviceKey, reason: "is not an Ed25519 private key")])
            }
        } else if !subscribers.isEmpty {
            throw SettingsError(problems: [
                .init(
                    key: EventSettings.serviceKey,
                    reason: "is required: \(D.name) publishes events to \(subscribers.joined(separator: ", "))"
                )
            ])
        }
        if keyPEM != nil, settings.string(EventSettings.serviceKeyID).isEmpty {
            throw SettingsError(problems: [.init(key: EventSettings.serviceKeyID, reason: "is required with auth.service_key")])
        }
        let backoff = Backoff(
            base: Double(settings.int(EventSettings.backoffBaseMs)) / 1000,
            cap: Double(settings.int(EventSettings.backoffCapSeconds)),
            maxAttempts: max(1, settings.int(EventSettings.maxAttempts))
        )
        let outbox = Outbox(producer: D.name)
        let relay = EventRelay(
            producer: D.name,
            database: workerDatabase,
            clock: environment.clock,
            client: client,
            subscriberURLs: Dictionary(uniqueKeysWithValues: subscribers.map { ($0, settings.string(EventSettings.serviceURL($0))) }),
            timeout: .milliseconds(settings.int(EventSettings.deliveryTimeoutMs)),
            batchSize: min(max(1, settings.int(EventSettings.batchSize)), EventSink.largestBatch),
            backoff: backoff,
            metrics: metrics,
            faults: environment.faults,
            logger: environment.logger
        )
        let timerWorker = TimerWorker(
            database: workerDatabase,
            clock: environment.clock,
            handlers: D.timerHandlers(environment: environment),
            outbox: outbox,
            backoff: backoff,
            metrics: metrics,
            faults: environment.faults,
            wakeup: environment.relayWakeup,
            logger: environment.logger
        )
        let sink = EventSink(
            database: environment.database,
            clock: environment.clock,
            handlers: D.eventHandlers(environment: environment),
            outbox: outbox,
            metrics: metrics,
            faults: environment.faults,
            wakeup: environment.relayWakeup,
            logger: environment.logger
        )
        return EventRuntime(
            relay: relay,
            timerWorker: timerWorker,
            sink: sink,
            relayWakeup: environment.relayWakeup,
            pollInterval: .milliseconds(max(10, settings.int(EventSettings.pollIntervalMs)))
        )
    }

    /// The background loops: the relay (woken by commits) and the timer worker (polling). Each runs again at
    /// once only when its pass hit its limit (a full batch, 200 timers); otherwise it waits for a wake-up —
    /// kept if one came during the pass — or the poll interval, rather than spending a transaction to learn
    /// that nothing is left.
    var loops: [WorkerLoop] {
        [
            WorkerLoop(interval: pollInterval, wakeup: relayWakeup) { [relay] in
                _ = await relay.runOnce()
                return relay.backlogged.any
            },
            WorkerLoop(interval: pollInterval, wakeup: Wakeup()) { [timerWorker] in
                await timerWorker.runDue(limit: TimerWorker.passLimit) == TimerWorker.passLimit
            },
        ]
    }
}
