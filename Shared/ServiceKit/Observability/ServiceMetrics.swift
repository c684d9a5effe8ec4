public import Prometheus
import Synchronization

/// The metrics of one service process, held in its own registry (no global `MetricsSystem` bootstrap,
/// so several applications can live in one test process).
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Each (operation, code)'s counter and each operation's histogram, looked up in the registry once.
    private let requestSeries = Mutex<[String: Counter]>([:])
    private let latencySeries = Mutex<[String: DurationHistogram]>([:])
    private let poolLeased: Gauge
    private let poolSize: Gauge
    private let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5),
    ]

    public init() {
        poolLeased = registry.makeGauge(descriptor: Self.poolLeased)
        poolSize = registry.makeGauge(descriptor: Self.poolSize)
    }

    /// Counts one answered request and records its latency.
    public func recordRequest(operation: String, code: String, duration: Duration) {
        let counter = requestSeries.withLock { series in
            if let counter = series[operation + "\u{1F}" + code] { return counter }
            let counter = registry.makeCounter(descriptor: Self.requests, labels: [("operation", operation), ("code", code)])
            series[operation + "\u{1F}" + code] = counter
            return counter
        }
        counter.increment()
        let histogram = latencySeries.withLock { series in
            if let histogram = series[operation] { return histogram }
            let histogram = registry.makeDurationHistogram(descriptor: Self.latency, labels: [("operation", operation)], buckets: latencyBuckets)
            series[operation] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// Connections of the pool our code holds right now, and the pool's size.
    public func recordPool(leased: Int, maximum: Int) {
        poolLeased.set(Double(leased))
        poolSize.set(Double(maximum))
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
