import ArgumentParser
import CPRRuntime
import CPRStore
import CPRSync
import Foundation

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "The daemon: migrate, take the single-writer lock, fetch and apply CPR files in order.",
        discussion: """
            Watches inbox_dir and polls upstream_url (sftp://, ftps://, https:// with client \
            certificates), downloads to a temporary name and renames into the inbox, skips \
            .metadata companions, and applies files in production-date order through the same \
            code path as `cprd ingest`, archiving each in archive_dir. Network and database \
            failures are retried with backoff (retry_initial_seconds 2 up to retry_maximum_seconds \
            300); a gap or a bad file stops the queue until an operator acts (a new file in the \
            inbox, or `cprd ingest --force` with the daemon stopped). A second daemon on the same \
            database stands by and takes over when the first dies. Under systemd (Type=notify) it \
            reports READY, STATUS and WATCHDOG. SIGTERM finishes or rolls back the file in hand \
            (within stop_grace_seconds) and exits 0; SIGHUP reloads the configuration. \
            metrics_listen (PORT or HOST:PORT, loopback by default) serves Prometheus /metrics.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Inbox folder (CPRD_INBOX_DIR): downloads land here; files dropped here are applied.")
    var inboxDir: String?

    @Option(help: "Archive folder for applied files (CPRD_ARCHIVE_DIR).")
    var archiveDir: String?

    @Option(help: "Upstream folder URL (CPRD_UPSTREAM_URL): sftp://user@host/path/, ftps://…, https://…")
    var upstreamURL: String?

    @Option(help: "Serve Prometheus metrics on PORT or HOST:PORT (CPRD_METRICS_LISTEN; loopback unless a host is given).")
    var metricsListen: String?

    func run() async throws {
        let extra: [String: String?] = [
            "inbox_dir": inboxDir, "archive_dir": archiveDir, "upstream_url": upstreamURL, "metrics_listen": metricsListen,
        ]
        let (configuration, logger) = try global.start("cprd.sync", extra: extra)
        let url = try global.databaseURL(from: configuration)
        let settings = try SyncSettings(configuration)
        let global = self.global
        let daemon = SyncDaemon(databaseURL: url, settings: settings, load: {
            try SyncSettings(global.configuration(extra: extra))
        }, logger: logger)
        // Past the grace the file in hand is rolled back; the grace read when SIGTERM comes
        // (SIGHUP may have changed it), as the daemon tells systemd (EXTEND_TIMEOUT_USEC).
        let backstop = StopBackstop { [store = daemon.settings] in store.current.stopTimeout }
        defer { withExtendedLifetime(backstop) {} }
        try await daemon.run()
    }
}

/// The last resort after SIGTERM: some waits inside the PostgreSQL pool do not end while the
/// server is down, so once the grace for the file in hand has passed the process exits 0.
/// Nothing is lost: PostgreSQL rolls back a transaction whose connection went away.
final class StopBackstop: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    init(after limit: @escaping @Sendable () -> Duration) {
        source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler {
            let limit = limit()
            let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                FileHandle.standardError.write(Data("level=warning label=cprd.sync msg=\"graceful stop took too long; exiting\"\n".utf8))
                exit(0)
            }
        }
        source.resume()
    }

    deinit { source.cancel() }
}
