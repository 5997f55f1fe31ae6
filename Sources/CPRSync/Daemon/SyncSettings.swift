import CPRRuntime
import Foundation

/// What `cprd sync` reads from its configuration; reloaded on SIGHUP (all but the database
/// URL and the metrics listener, which need a restart).
public struct SyncSettings: Sendable, Equatable {
    public var inboxDirectory: String
    public var archiveDirectory: String
    public var upstream: UpstreamSource?
    public var pollInterval: Duration
    /// How often the apply loop looks at the inbox.
    public var inboxInterval: Duration
    public var retryInitial: Duration
    public var retryMaximum: Duration
    /// How long SIGTERM lets the file in hand finish before it is rolled back.
    public var stopGrace: Duration
    /// How long a stop may take: the grace, then cancelling the file's statements and its
    /// rollback (up to 5 s), with room. Told to systemd on SIGTERM (EXTEND_TIMEOUT_USEC).
    public var stopTimeout: Duration { stopGrace + .seconds(10) }
    /// A standby tries the writer lock this often.
    public var lockRetry: Duration
    public var metricsListen: (host: String, port: Int)?
    public var staleAfterDays: Int

    public static func == (a: Self, b: Self) -> Bool {
        a.inboxDirectory == b.inboxDirectory && a.archiveDirectory == b.archiveDirectory && a.upstream == b.upstream
            && a.pollInterval == b.pollInterval && a.inboxInterval == b.inboxInterval && a.retryInitial == b.retryInitial
            && a.retryMaximum == b.retryMaximum && a.stopGrace == b.stopGrace && a.lockRetry == b.lockRetry
            && a.metricsListen?.host == b.metricsListen?.host && a.metricsListen?.port == b.metricsListen?.port
            && a.staleAfterDays == b.staleAfterDays
    }

    public init(_ configuration: Configuration) throws {
        inboxDirectory = try configuration.require("inbox_dir")
        // Every applied file is archived: the replica must be rebuildable from the archive alone.
        archiveDirectory = try configuration.require("archive_dir")
        pollInterval = try Self.seconds(configuration, "poll_interval_seconds", default: 60, range: 0.05...86_400)
        inboxInterval = try Self.seconds(configuration, "inbox_interval_seconds", default: 2, range: 0.05...3600)
        retryInitial = try Self.seconds(configuration, "retry_initial_seconds", default: 2, range: 0.01...3600)
        retryMaximum = try Self.seconds(configuration, "retry_maximum_seconds", default: 300, range: 0.01...86_400)
        stopGrace = try Self.seconds(configuration, "stop_grace_seconds", default: 30, range: 0...3600)
        lockRetry = try Self.seconds(configuration, "lock_retry_seconds", default: 1, range: 0.05...60)
        staleAfterDays = try configuration.integer("stale_after_days", default: 3, range: 1...365)
        if let listen = configuration.string("metrics_listen"), !listen.isEmpty {
            metricsListen = try Self.listen(listen, source: configuration["metrics_listen"]!.source)
        }
        if let url = configuration.string("upstream_url"), !url.isEmpty {
            do {
                upstream = try UpstreamSource(
                    url: url,
                    sshPrivateKey: configuration.string("upstream_ssh_private_key"),
                    sshPublicKey: configuration.string("upstream_ssh_public_key"),
                    keyPassphrase: configuration.string("upstream_key_passphrase"),
                    knownHosts: configuration.string("upstream_ssh_known_hosts"),
                    tlsCertificate: configuration.string("upstream_tls_certificate"),
                    tlsKey: configuration.string("upstream_tls_key"),
                    tlsCA: configuration.string("upstream_tls_ca"),
                    deleteAfterApply: try configuration.boolean("upstream_delete_after_apply", default: false),
                    maximumBytesPerSecond: try configuration.integer("upstream_max_bytes_per_second", default: 0, range: 0...Int(Int32.max)),
                    connectTimeoutSeconds: try configuration.integer("upstream_connect_timeout_seconds", default: 30, range: 1...600)
                )
            } catch let error as UpstreamSourceError {
                throw ConfigurationError(key: "upstream_url", source: configuration["upstream_url"]!.source, problem: error.problem)
            }
        }
    }

    static func seconds(_ configuration: Configuration, _ key: String, default fallback: Double, range: ClosedRange<Double>) throws -> Duration {
        guard let value = configuration[key] else { return .milliseconds(Int64(fallback * 1000)) }
        guard let number = Double(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigurationError(key: key, source: value.source, problem: "must be a number of seconds in \(range.lowerBound)...\(range.upperBound), got \"\(value.text)\"")
        }
        return .milliseconds(Int64(number * 1000))
    }

    /// `PORT` (on 127.0.0.1), `HOST:PORT` or `[IPv6]:PORT`.
    static func listen(_ text: String, source: Configuration.Source) throws -> (host: String, port: Int) {
        var host = "127.0.0.1", portText = text
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = Int(portText), (1...65_535).contains(port), !host.isEmpty else {
            throw ConfigurationError(key: "metrics_listen", source: source, problem: "must be PORT or HOST:PORT, got \"\(text)\"")
        }
        return (host, port)
    }
}
