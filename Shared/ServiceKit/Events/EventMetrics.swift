import Prometheus

/// Metrics of events and timers (issue #5): outbox lag, delivery attempts and their fate, inbox
/// duplicates, timer lag — all on the business clock.
extension ServiceMetrics {
    /// Age of the oldest delivery a relay just claimed for `subscriber` (0 when none was due).
    func recordOutboxLag(subscriber: String, seconds: Double) {
        registry.makeGauge(descriptor: Self.outboxLag, labels: [("subscriber", subscriber)]).set(max(0, seconds))
    }

    /// One delivery attempt and what became of it: `delivered`, `retry` or `dead`.
    func recordDeliveryAttempt(subscriber: String, outcome: String) {
        registry.makeCounter(descriptor: Self.deliveryAttempts, labels: [("subscriber", subscriber), ("outcome", outcome)]).increment()
    }

    func recordInbox(applied: Int, duplicates: Int) {
        if applied > 0 { registry.makeCounter(descriptor: Self.inboxApplied).increment(by: Int64(applied)) }
        if duplicates > 0 { registry.makeCounter(descriptor: Self.inboxDuplicates).increment(by: Int64(duplicates)) }
    }

    func recordTimerFired(kind: String, lagSeconds: Double) {
        registry.makeCounter(descriptor: Self.timersFired, labels: [("kind", kind)]).increment()
        registry.makeGauge(descriptor: Self.timerLag, labels: [("kind", kind)]).set(max(0, lagSeconds))
    }

    static var outboxLag: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "events",
            metricName: "outbox_lag",
            unitName: "seconds",
            helpText: "Age of the oldest due delivery at the relay's last claim, per subscriber."
        )
    }
    static var deliveryAttempts: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "events",
            metricName: "delivery_attempts",
            unitName: "total",
            helpText: "Delivery attempts per subscriber, by outcome (delivered, retry, dead)."
        )
    }
    static var inboxApplied: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "events",
            metricName: "inbox_applied",
            unitName: "total",
            helpText: "Events applied by this service's handlers."
        )
    }
    static var inboxDuplicates: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "events",
            metricName: "inbox_duplicates",
            unitName: "total",
            helpText: "Redelivered events recognised by the inbox and not applied again."
        )
    }
    static var timersFired: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "timers",
            metricName: "fired",
            unitName: "total",
            helpText: "Timers fired, by kind."
        )
    }
    static var timerLag: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "timers",
            metricName: "lag",
            unitName: "seconds",
            helpText: "How late the last timer of each kind fired after its due time."
        )
    }
}
