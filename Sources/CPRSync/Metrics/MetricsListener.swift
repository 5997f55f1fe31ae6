import Hummingbird
import Logging
import ServiceLifecycle

/// Serves `GET /metrics` on its own small listener, only when `metrics_listen` is set
/// (loopback unless a host is named): the sync daemon has no other HTTP surface.
struct MetricsListener: Service {
    let host: String
    let port: Int
    let metrics: SyncMetrics
    let logger: Logger

    func run() async throws {
        let router = Router()
        let metrics = self.metrics
        router.get("/metrics") { _, _ in metrics.render() }
        let application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger
        )
        try await application.run()
    }
}
