import Prometheus

/// The daemon's Prometheus metrics, in a registry of its own.
public final class SyncMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let productionDate: Gauge
    let lastAppliedUnixTime: Gauge
    let filesApplied: Counter
    let filesRejected: Counter
    let filesPending: Gauge
    let gap: Gauge
    let bytesFetched: Counter
    let retries: Counter
    let writer: Gauge
    let upstreamFailures: Counter

    public init() {
        productionDate = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "production_date", unitName: "yyyymmdd",
            helpText: "Production date of the last applied CPR file as a number YYYYMMDD (0 when none)."
        ))
        // Age is derived by Prometheus (time() - this), so it stays right between scrapes.
        lastAppliedUnixTime = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "last_applied", unitName: "timestamp_seconds",
            helpText: "When the last CPR file was applied, Unix time (0 when never); age = time() - this."
        ))
        filesApplied = registry.makeCounter(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "files_applied", unitName: "total",
            helpText: "CPR files applied by this process."
        ))
        filesRejected = registry.makeCounter(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "files_rejected", unitName: "total",
            helpText: "CPR files the ingest refused (a gap, a bad file); the queue stops at each."
        ))
        filesPending = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "files_pending", unitName: "files",
            helpText: "CPR files waiting in the inbox."
        ))
        gap = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "gap", unitName: "state",
            helpText: "1 while the queue is stopped because a file is missing (a gap), else 0."
        ))
        bytesFetched = registry.makeCounter(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "fetched", unitName: "bytes_total",
            helpText: "Bytes downloaded from upstream servers."
        ))
        retries = registry.makeCounter(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "retries", unitName: "total",
            helpText: "Attempts that failed for a passing reason (network, database) and will be retried."
        ))
        writer = registry.makeGauge(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "writer", unitName: "state",
            helpText: "1 while this process holds the single-writer lock, 0 while it stands by."
        ))
        upstreamFailures = registry.makeCounter(descriptor: .init(
            namespace: "cprd", subsystem: "sync", metricName: "upstream_failures", unitName: "total",
            helpText: "Upstream files whose download or delete failed, or that are not CPR files; skipped for the round."
        ))
    }

    /// `2026-01-05` → 20260105.
    func record(productionDate iso: String?) {
        productionDate.set(Double(iso?.replacingOccurrences(of: "-", with: "") ?? "") ?? 0)
    }

    public func render() -> String { registry.emitToString() }
}
