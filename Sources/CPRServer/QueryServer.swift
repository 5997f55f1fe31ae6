import CPRStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The query server as a lifecycle `Service`: the HTTP application with its batching
/// lookup workers, audit writers, and the loops that keep agreements and audit partitions
/// current. On graceful shutdown it stops accepting, answers what is in flight (each answer
/// still waits for its audit commit), then drains the audit queue and returns.
public struct QueryServer: Service {
    public let settings: ServerSettings
    public let database: Database
    /// Where audit records go: the main database, or the primary when `database` is a read replica.
    public let auditDatabase: Database
    public let metrics: ServerMetrics
    private let logger: Logger
    private let onListening: @Sendable (ListenAddress) async -> Void

    public init(
        settings: ServerSettings, database: Database, auditDatabase: Database? = nil, logger: Logger,
        metrics: ServerMetrics = ServerMetrics(),
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.database = database
        self.auditDatabase = auditDatabase ?? database
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        try settings.validate()
        for (name, database) in [("database", database), ("audit database", auditDatabase)] {
            guard try await Migrator().isCurrent(database) else {
                throw QueryServerError(description: "the \(name) schema is not current (\(database.url)); run `cprd migrate` first")
            }
        }
        try await AuditPartitions.maintain(auditDatabase, retentionDays: settings.auditRetentionDays)
        let directory = AccessDirectory(database: database, refreshInterval: settings.accessRefreshInterval)
        try await directory.reload()
        let lookup = PersonLookup(database: database, workers: settings.lookupWorkers, metrics: metrics)
        let audit = AuditWriter(
            database: auditDatabase, writers: settings.auditWriters, retentionDays: settings.auditRetentionDays, metrics: metrics
        )

        let router = Router(context: APIContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuditMiddleware(directory: directory, audit: audit, requireCertificate: settings.isTLS))
        OperationsRoutes(database: database, auditDatabase: auditDatabase, metrics: metrics, audit: audit).register(on: router)
        let api = router.group("v1")
        PersonRoutes(database: database, lookup: lookup).register(on: api)
        ChangesRoute(database: database).register(on: api)
        StatusRoute(database: database, staleAfterDays: settings.staleAfterDays).register(on: api)

        let listen = settings.listen
        let onListening = self.onListening
        let logger = self.logger
        let app = Application(
            router: router,
            server: try settings.serverBuilder(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "cprd"),
            onServerRunning: { channel in
                let bound = ListenAddress(host: listen.host, port: channel.localAddress?.port ?? listen.port)
                logger.info("listening", metadata: ["address": "\(bound)", "tls": "\(settings.isTLS)"])
                await onListening(bound)
            },
            logger: logger
        )

        try await withThrowingTaskGroup(of: Void.self) { workers in
            workers.addTask { await audit.run() }
            workers.addTask { await lookup.run() }
            do {
                try await withThrowingTaskGroup(of: Void.self) { loops in
                    loops.addTask { await directory.refreshLoop() }
                    loops.addTask { await AuditPartitions.maintenanceLoop(auditDatabase, retentionDays: settings.auditRetentionDays) }
                    defer { loops.cancelAll() }
                    try await app.run()
                }
            } catch {
                lookup.close()
                audit.close()
                throw error
            }
            // Every request has been answered; what remains in the queues is written, then the workers end.
            lookup.close()
            audit.close()
            try await workers.waitForAll()
        }
    }
}

public struct QueryServerError: Error, CustomStringConvertible {
    public let description: String
}

extension ServerSettings {
    func serverBuilder() throws -> HTTPServerBuilder {
        switch transport {
        case .insecureHTTP:
            return .http1()
        case .tls(let tls):
            let configuration = try tls.configuration()
            if tls.pinsFingerprintsOnly {
                return try .tls(.http1(), configuration: TLSChannelConfiguration(
                    tlsConfiguration: configuration,
                    customVerificationCallback: { _, promise in promise.succeed(.certificateVerified) }
                ))
            }
            return try .tls(.http1(), tlsConfiguration: configuration)
        }
    }
}
