import CPRStore
import Logging
import ServiceLifecycle

/// `cprd sync`: the long-running writer, as lifecycle services in one group. SIGTERM and
/// SIGINT shut down gracefully (the file in hand finishes or rolls back, then exit 0);
/// SIGHUP reloads the configuration.
public struct SyncDaemon: Sendable {
    public let databaseURL: DatabaseURL
    public let settings: SettingsStore
    public let load: @Sendable () throws -> SyncSettings
    public let metrics: SyncMetrics
    public let notifier: SystemdNotifier
    public let logger: Logger

    public init(
        databaseURL: DatabaseURL, settings: SyncSettings, load: @escaping @Sendable () throws -> SyncSettings,
        metrics: SyncMetrics = SyncMetrics(), notifier: SystemdNotifier = SystemdNotifier(), logger: Logger
    ) {
        self.databaseURL = databaseURL
        self.settings = SettingsStore(settings)
        self.load = load
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        let state = SyncState(notifier: notifier)
        // No give-up timer: the daemon retries a database that is away, and its watchdog says so.
        try await Database.run(databaseURL, maximumConnections: 12, logger: logger, failWhenUnreachableFor: nil) { database in
            // ServiceGroup shuts services down in reverse order, each after the one before has
            // ended: the sync service comes last so SIGTERM reaches it (STOPPING=1, the file in
            // hand) first, while the watchdog keeps pinging until that file is done.
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: ConfigurationReloader(store: settings, load: load, logger: logger)),
                .init(service: Watchdog(
                    database: database, state: state, notifier: notifier,
                    interval: SystemdNotifier.watchdogInterval(), stallLimit: .seconds(600), logger: logger
                )),
            ]
            if let listen = settings.current.metricsListen {
                services.append(.init(service: MetricsListener(host: listen.host, port: listen.port, metrics: metrics, logger: logger)))
            }
            services.append(.init(
                service: SyncService(database: database, settings: settings, state: state, metrics: metrics, notifier: notifier, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup
            ))
            let group = ServiceGroup(configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            ))
            try await group.run()
        }
    }
}
