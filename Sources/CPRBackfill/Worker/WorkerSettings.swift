import CPRRuntime
import Foundation

/// The worker's configuration: where the archive is, the upstream services, and how it retries.
public struct WorkerSettings: Sendable {
    public var archiveDirectory: String?
    public var personSource: ServiceEndpoint?
    public var subscriptionService: SubscriptionService.Settings?
    /// Seconds between looks at an empty queue.
    public var pollInterval: Duration
    /// The first retry of a failed job waits this long, doubling with each attempt.
    public var retryDelay: Duration
    public var logKey: PNRLogKey

    public init(
        archiveDirectory: String? = nil, personSource: ServiceEndpoint? = nil,
        subscriptionService: SubscriptionService.Settings? = nil,
        pollInterval: Duration = .seconds(2), retryDelay: Duration = .seconds(5), logKey: PNRLogKey = PNRLogKey(secret: nil)
    ) {
        self.archiveDirectory = archiveDirectory
        self.personSource = personSource
        self.subscriptionService = subscriptionService
        self.pollInterval = pollInterval
        self.retryDelay = retryDelay
        self.logKey = logKey
    }

    /// From `archive_dir`, `person_source_url`, `subscription_url`, `service_tls_*` (falling
    /// back to `upstream_tls_*`), `backfill_poll_seconds`, `backfill_retry_seconds`, `log_hash_key`.
    public init(_ configuration: Configuration) throws(ConfigurationError) {
        let tls = ServiceEndpoint.TLS(
            certificate: configuration.string("service_tls_certificate") ?? configuration.string("upstream_tls_certificate"),
            key: configuration.string("service_tls_key") ?? configuration.string("upstream_tls_key"),
            certificateAuthority: configuration.string("service_tls_ca") ?? configuration.string("upstream_tls_ca"),
            keyPassphrase: configuration.string("service_tls_key_passphrase")
        )
        self.init(
            archiveDirectory: configuration.string("archive_dir"),
            personSource: try configuration.string("person_source_url").map { url throws(ConfigurationError) in
                try ServiceEndpoint.checked(url, key: "person_source_url", configuration: configuration, tls: tls)
            },
            subscriptionService: try SubscriptionService.Settings(configuration, tls: tls),
            pollInterval: .seconds(try configuration.integer("backfill_poll_seconds", default: 2, range: 1...3600)),
            retryDelay: .seconds(try configuration.integer("backfill_retry_seconds", default: 5, range: 0...86_400)),
            logKey: PNRLogKey(secret: configuration.string("log_hash_key"))
        )
    }
}
