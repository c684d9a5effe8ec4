public import Prometheus

/// The metrics of one service process, held in its own registry (no global `MetricsSystem` bootstrap,
/// so several applications can live in one test process).
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5),
    ]

    public init() {}

    /// Counts one answered request and records its latency.
    public func recordRequest(operation: String, code: String, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("operation", operation), ("code", code)]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("operation", operation)], buckets: latencyBuckets)
            .record(duration)
    }

    /// Connections of the pool our code holds right now, and the pool's size.
    public func recordPool(leased: Int, maximum: Int) {
        registry.makeGauge(descriptor: Self.poolLeased).set(Double(leased))
        registry.makeGauge(descriptor: Self.poolSize).set(Double(maximum))
    }

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            metricName: "requests",
            unitName: "total",
            helpText: "Requests answered, by operation and canonical code."
        )
    }
    static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            metricName: "request_duration",
            unitName: "seconds",
            helpText: "Time from request to answer, by operation."
        )
    }
    static var poolLeased: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "db_pool",
            metricName: "leased",
            unitName: "connections",
            helpText: "Pool connections in use by the service."
        )
    }
    static var poolSize: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "aftersales",
            subsystem: "db_pool",
            metricName: "max",
            unitName: "connections",
            helpText: "Size of the connection pool."
        )
    }

    public func exposition() -> String { registry.emitToString() }
}
