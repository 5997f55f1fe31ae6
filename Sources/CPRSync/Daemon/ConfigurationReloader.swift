import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP re-reads the configuration. Loops pick the new settings up at their next round;
/// a configuration that does not load is logged and the old one kept.
struct ConfigurationReloader: Service {
    let store: SettingsStore
    let load: @Sendable () throws -> SyncSettings
    let logger: Logger

    func run() async throws {
        // An explicit iterator: `for await` over this sequence crashes swiftc 6.3.1's
        // optimizer in release builds.
        var signals = await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown().makeAsyncIterator()
        while await signals.next() != nil {
            reload()
        }
    }

    private func reload() {
        let settings: SyncSettings
        do {
            settings = try load()
        } catch {
            logger.error("configuration reload failed; keeping the previous one", metadata: ["error": "\(error)"])
            return
        }
        let old = store.current.metricsListen
        if settings.metricsListen?.host != old?.host || settings.metricsListen?.port != old?.port {
            logger.warning("metrics_listen changes take effect at the next restart")
        }
        store.replace(settings)
        logger.notice("configuration reloaded")
    }
}
