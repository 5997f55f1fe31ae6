import Prometheus
import Synchronization

/// The server's Prometheus metrics, in a registry of its own (several servers can run in
/// one test process). Collectors per route and status are made once and kept, so a request
/// costs a dictionary lookup, not a registry lookup.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    private struct RouteKey: Hashable {
        let route: String
        let status: Int
    }

    private let counters = Mutex<[RouteKey: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    let auditQueueDepth: Gauge
    let replicaAge: Gauge
    let replicaProductionDate: Gauge
    let lookupBatchSize: ValueHistogram
    let auditBatchSize: ValueHistogram

    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5),
    ]

    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096]

    public init() {
        lookupBatchSize = registry.makeValueHistogram(descriptor: .init(
            namespace: "cprd", subsystem: "lookup", metricName: "batch", unitName: "size",
            helpText: "Person numbers per batched lookup query."
        ), buckets: Self.batchBuckets)
        auditBatchSize = registry.makeValueHistogram(descriptor: .init(
            namespace: "cprd", subsystem: "audit", metricName: "batch", unitName: "size",
            helpText: "Audit records per group commit."
        ), buckets: Self.batchBuckets)
        auditQueueDepth = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "audit", metricName: "queue", unitName: "depth",
            helpText: "Audit records waiting for a group commit."
        ))
        replicaAge = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "replica", metricName: "age", unitName: "seconds",
            helpText: "Seconds since the last CPR file was applied (-1 when none was)."
        ))
        replicaProductionDate = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "replica", metricName: "production_date", unitName: "yyyymmdd",
            helpText: "Production date of the last applied CPR file as a number YYYYMMDD (0 when none)."
        ))
    }

    /// Counts a request and records its latency under its route template.
    func observe(route: String, status: Int, duration: Duration) {
        let key = RouteKey(route: route, status: status)
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: .init(namespace: "cprd", subsystem: "http", metricName: "requests", unitName: "total",
                                  helpText: "HTTP requests by route template and status."),
                labels: [("route", route), ("status", String(status))]
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = histograms.withLock { histograms in
            if let histogram = histograms[route] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: .init(namespace: "cprd", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                  helpText: "Time from request to answer, including the audit commit."),
                labels: [("route", route)], buckets: Self.latencyBuckets
            )
            histograms[route] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// The exposition text.
    func emit() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}
