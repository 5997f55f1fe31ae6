import CPRStore
import Logging
import ServiceLifecycle

/// Pings systemd's watchdog (`WATCHDOG=1`) at half the interval it asked for, but only while
/// the database answers and the apply loop (or the standby's lock loop) is beating. When
/// either stops, the pings stop and systemd restarts the daemon after `WatchdogSec`.
struct Watchdog: Service {
    let database: Database
    let state: SyncState
    let notifier: SystemdNotifier
    let interval: Duration?
    /// How long the apply loop may go without a beat (a large file beats as it is read).
    let stallLimit: Duration
    let logger: Logger

    func run() async throws {
        guard let interval else {
            try? await gracefulShutdown()
            return
        }
        let tick = interval / 2
        var wasHealthy = true
        while !Task.isShuttingDownGracefully {
            let healthy = await isHealthy(deadline: tick)
            if healthy {
                notifier.notify("WATCHDOG=1")
            }
            if healthy != wasHealthy {
                if healthy {
                    logger.notice("healthy again; watchdog pings resume")
                } else {
                    logger.error("unhealthy (database or apply loop not answering); watchdog pings stop")
                }
                wasHealthy = healthy
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    func isHealthy(deadline: Duration) async -> Bool {
        guard state.sinceHeartbeat() < stallLimit else { return false }
        let database = self.database
        do {
            try await withDeadline(deadline) { try await database.ping() }
            return true
        } catch {
            return false
        }
    }
}
