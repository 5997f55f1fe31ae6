import ArgumentParser
import CPRRuntime
import CPRServer
import CPRStore
import Foundation
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer audited, access-controlled lookups over HTTPS (client certificates required).",
        discussion: """
            Production: TLS with tls_certificate and tls_key (PEM); every client presents a \
            certificate whose SHA-256 fingerprint is registered to a user system (`cprd access`). \
            With tls_client_ca the certificate must also be issued by that CA. Every request under \
            /v1 names its service agreement (X-Service-Agreement) and is audited before it is \
            answered; audit goes to audit_database_url (default: the main database), so that the \
            server can read a replica while audit is written to the primary. \
            --insecure-http serves plain HTTP for development, on loopback only, and takes the \
            user system from X-User-System. SIGTERM/SIGINT finish the requests in flight and stop.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "HOST:PORT to listen on (CPRD_LISTEN; default 0.0.0.0:8443, or 127.0.0.1:8080 with --insecure-http).")
    var listen: String?

    @Flag(help: "Plain HTTP on loopback for development; the user system comes from X-User-System.")
    var insecureHTTP = false

    @Option(help: "Server certificate chain, PEM (CPRD_TLS_CERTIFICATE).")
    var tlsCertificate: String?

    @Option(help: "Server private key, PEM (CPRD_TLS_KEY).")
    var tlsKey: String?

    @Option(help: "CA that must have issued client certificates, PEM (CPRD_TLS_CLIENT_CA); without it, registered fingerprints alone decide.")
    var tlsClientCA: String?

    @Option(help: "PostgreSQL URL for the audit log (CPRD_AUDIT_DATABASE_URL; default: the main database).")
    var auditDatabaseURL: String?

    @Option(help: "Days of audit log to keep (CPRD_AUDIT_RETENTION_DAYS, default 400).")
    var auditRetentionDays: Int?

    func run() async throws {
        // Before any request task exists, so that they all run on the event loops.
        let onEventLoops = EventLoopExecutor.install()
        let (configuration, logger) = try global.start("cprd.serve", extra: [
            "listen": listen, "tls_certificate": tlsCertificate, "tls_key": tlsKey, "tls_client_ca": tlsClientCA,
            "audit_database_url": auditDatabaseURL, "audit_retention_days": auditRetentionDays.map(String.init),
        ])
        if !onEventLoops { logger.warning("could not run Swift Concurrency on the event loops; using the default executor") }
        let url = try global.databaseURL(from: configuration)
        let auditURL = try Self.auditURL(from: configuration)
        let settings = try Self.settings(from: configuration, insecureHTTP: insecureHTTP)
        let poolSize = try configuration.integer("database_pool_size", default: 16, range: 2...200)

        try await Database.run(url, maximumConnections: poolSize, logger: logger) { database in
            if let auditURL, auditURL.description != url.description {
                try await Database.run(auditURL, maximumConnections: settings.auditWriters + 2, logger: logger) { audit in
                    try await Self.serve(settings, database: database, audit: audit, logger: logger)
                }
            } else {
                try await Self.serve(settings, database: database, audit: nil, logger: logger)
            }
        }
    }

    static func serve(_ settings: ServerSettings, database: Database, audit: Database?, logger: Logger) async throws {
        let server = QueryServer(settings: settings, database: database, auditDatabase: audit, logger: logger) { address in
            let scheme = settings.isTLS ? "https" : "http"
            // Unbuffered: scripts and tests wait for this line.
            FileHandle.standardOutput.write(Data("cprd serve: listening on \(scheme)://\(address)\n".utf8))
        }
        let group = ServiceGroup(configuration: .init(
            services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        do {
            try await group.run()
        } catch let error as QueryServerError {
            throw CommandFailure(description: "serve: \(error)")
        } catch let error as ServerSettingsError {
            throw CommandFailure(description: "serve: \(error)")
        }
    }

    static func auditURL(from configuration: Configuration) throws -> DatabaseURL? {
        guard let text = configuration.string("audit_database_url") else { return nil }
        do {
            return try DatabaseURL(text)
        } catch {
            throw ConfigurationError(key: "audit_database_url", source: configuration["audit_database_url"]!.source, problem: error.problem)
        }
    }

    static func settings(from configuration: Configuration, insecureHTTP: Bool) throws -> ServerSettings {
        let defaultListen = insecureHTTP ? "127.0.0.1:8080" : "0.0.0.0:8443"
        let listen: ListenAddress
        do {
            listen = try ListenAddress(configuration.string("listen", default: defaultListen), defaultHost: insecureHTTP ? "127.0.0.1" : "0.0.0.0")
        } catch {
            throw CommandFailure(description: "serve: \(error)")
        }
        var settings: ServerSettings
        if insecureHTTP {
            settings = ServerSettings(listen: listen, transport: .insecureHTTP)
        } else {
            guard let certificate = configuration.string("tls_certificate"), let key = configuration.string("tls_key") else {
                throw CommandFailure(description: """
                    serve: TLS needs tls_certificate and tls_key (PEM files; --tls-certificate, --tls-key or \
                    CPRD_TLS_CERTIFICATE, CPRD_TLS_KEY); for development on loopback use --insecure-http
                    """)
            }
            settings = ServerSettings(listen: listen, transport: .tls(TLSSettings(
                certificatePath: certificate, keyPath: key, clientCAPath: configuration.string("tls_client_ca")
            )))
        }
        settings.auditRetentionDays = try configuration.integer("audit_retention_days", default: 400, range: 1...36_500)
        settings.staleAfterDays = try configuration.integer("stale_after_days", default: 3, range: 1...365)
        settings.lookupWorkers = try configuration.integer("lookup_workers", default: settings.lookupWorkers, range: 1...64)
        settings.auditWriters = try configuration.integer("audit_writers", default: settings.auditWriters, range: 1...32)
        do {
            try settings.validate()
        } catch {
            throw CommandFailure(description: "serve: \(error)")
        }
        return settings
    }
}
