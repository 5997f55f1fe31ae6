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
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                let settings = try load()
                if settings.metricsListen?.host != store.current.metricsListen?.host
                    || settings.metricsListen?.port != store.current.metricsListen?.port {
                    logger.warning("metrics_listen changes take effect at the next restart")
                }
                store.replace(settings)
                logger.notice("configuration reloaded")
            } catch {
                logger.error("configuration reload failed; keeping the previous one", metadata: ["error": "\(error)"])
            }
        }
    }
}
