import CPRStore
import Logging
import PostgresNIO
import ServiceLifecycle

/// The daemon's main service: migrate, take the writer lock (standing by while another
/// daemon holds it), announce READY, then run the apply loop and the upstream poller until
/// SIGTERM. A lost lock stops both at once and the daemon stands by again.
struct SyncService: Service {
    let database: Database
    let settings: SettingsStore
    let state: SyncState
    let metrics: SyncMetrics
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await runPhases()
        } onGracefulShutdown: { [state, notifier, settings] in
            state.enter(.stopping)
            // The grace may be longer than the unit's TimeoutStopSec: ask systemd for it (plus
            // the time to cancel and roll back) rather than be killed part-way.
            let extend = settings.current.stopTimeout
            notifier.notify(
                "STOPPING=1", "EXTEND_TIMEOUT_USEC=\(extend.components.seconds * 1_000_000 + extend.components.attoseconds / 1_000_000_000_000)",
                "STATUS=stopping: finishing or rolling back the file in hand"
            )
        }
    }

    private func runPhases() async throws {
        var backoff = Backoff(initial: settings.current.retryInitial, maximum: settings.current.retryMaximum)
        state.enter(.migrating)
        state.report("migrating")
        while true {
            do {
                let applied = try await Migrator().migrate(database)
                logger.info("schema is current", metadata: ["migrations_applied": "\(applied)"])
                break
            } catch {
                if Task.isShuttingDownGracefully { return }
                try await retryLater(&backoff, "migration failed", error)
                if Task.isShuttingDownGracefully { return }
            }
        }
        backoff.succeeded()

        while !Task.isShuttingDownGracefully {
            do {
                let state = self.state, metrics = self.metrics, notifier = self.notifier, logger = self.logger
                let database = self.database, settings = self.settings
                let held = try await Self.untilShutdownWhileIdle(state: state) {
                  try await WriterLease.hold(
                    database, retry: settings.current.lockRetry, fileInHand: { state.fileInHand },
                    onLost: { _ in
                        // Not the writer from this moment, while the file in hand rolls back.
                        metrics.writer.set(Double(0))
                        state.report("failing: writer lock lost; rolling back the file in hand, then standing by")
                    }
                  ) {
                    if state.phase != .standby {
                        state.enter(.standby)
                        logger.notice("standing by: another cprd process holds the writer lock")
                    }
                    state.beat()
                    state.report("standby: another cprd process holds the writer lock")
                } _: { lease in
                    state.enter(.active)
                    state.holdsLock = true
                    defer { state.holdsLock = false }
                    metrics.writer.set(Double(1))
                    logger.notice("holding the writer lock; applying files")
                    // Repeated after a lost lock is retaken; systemd ignores a second READY.
                    notifier.notify("READY=1", "STATUS=active: holding the writer lock")
                    try await withThrowingTaskGroup(of: Bool.self) { group in
                        group.addTask {
                            try await ApplyLoop(database: database, settings: settings, state: state, metrics: metrics, logger: logger, lease: lease).run()
                            return true
                        }
                        group.addTask {
                            try await UpstreamPoller(database: database, settings: settings, state: state, metrics: metrics, logger: logger).run()
                            return false
                        }
                        // Only the apply loop's end stops both. It returns on shutdown after the file
                        // in hand has finished or rolled back (within the grace), or on a lost lock;
                        // the poller returns sooner on shutdown and must not cut that file short.
                        while let applyLoopEnded = try await group.next(), !applyLoopEnded {}
                        group.cancelAll()
                    }
                  }
                }
                metrics.writer.set(Double(0))
                if !held || Task.isShuttingDownGracefully { return }
            } catch let error as LockLost {
                metrics.writer.set(Double(0))
                state.enter(.standby)
                logger.error("writer lock lost; standing by", metadata: ["error": "\(error)"])
                state.report("failing: writer lock lost; trying to take it again")
                try await retryLater(&backoff, "writer lock lost", error)
            } catch {
                metrics.writer.set(Double(0))
                if Task.isShuttingDownGracefully { return }
                try await retryLater(&backoff, "database unavailable", error)
            }
        }
    }

    /// Runs `body` (taking and holding the lock); on graceful shutdown it is cancelled unless
    /// its apply loop runs, which ends by itself after the file in hand. Waiting for a lock or
    /// a connection to a database that is down would otherwise keep SIGTERM from ending us.
    static func untilShutdownWhileIdle(state: SyncState, _ body: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await gracefulShutdown()
                while state.holdsLock { try await Task.sleep(for: .milliseconds(100)) }
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next()! ?? false
        }
    }

    private func retryLater(_ backoff: inout Backoff, _ what: String, _ error: any Error) async throws {
        let delay = backoff.failed()
        metrics.retries.increment()
        logger.warning("\(what); retrying", metadata: [
            "error": "\(String(reflecting: error))", "retry_in_seconds": "\(delay.components.seconds)", "attempt": "\(backoff.failures)",
        ])
        state.report("retrying in \(delay.components.seconds) s: \(what)")
        try await pause(delay, state: state)
    }
}
