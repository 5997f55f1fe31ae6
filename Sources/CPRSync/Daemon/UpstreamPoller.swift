import CPRStore
import Foundation
import Glibc
import Logging
import ServiceLifecycle

/// Polls the upstream folder: downloads each new file to a hidden temporary name in the
/// inbox, checks it is whole (curl's byte count and the 999 trailer), then renames it in,
/// where the apply loop finds it. `.metadata` companions are skipped. Files the ledger
/// records as applied are not fetched again, and are removed upstream when configured.
/// Every failure is retried with backoff; nothing is skipped.
struct UpstreamPoller: Sendable {
    let database: Database
    let settings: SettingsStore
    let state: SyncState
    let metrics: SyncMetrics
    let logger: Logger

    func run() async throws {
        var settings = self.settings.current
        var backoff = Backoff(initial: settings.retryInitial, maximum: settings.retryMaximum)
        while !Task.isShuttingDownGracefully {
            settings = self.settings.current
            backoff.initial = settings.retryInitial
            backoff.maximum = settings.retryMaximum
            guard let source = settings.upstream else {
                state.fetching = false
                try await pause(settings.pollInterval, state: nil)
                continue
            }
            do {
                try await poll(source, inbox: Inbox(directory: settings.inboxDirectory))
                backoff.succeeded()
                try await pause(settings.pollInterval, state: nil)
            } catch is CancellationError {
                return
            } catch let error as TransferError where error.cancelled {
                return
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                let delay = backoff.failed()
                metrics.retries.increment()
                logger.warning("upstream poll failed; retrying", metadata: [
                    "upstream": "\(source.redacted)", "error": "\(error)",
                    "retry_in_seconds": "\(delay.components.seconds)", "attempt": "\(backoff.failures)",
                ])
                try await pause(delay, state: nil)
            }
        }
    }

    func poll(_ source: UpstreamSource, inbox: Inbox) async throws {
        let transfer = CurlTransfer(source: source)
        try inbox.create()
        let names = try await transfer.list().filter(PendingFile.isCandidate(name:)).sorted()
        let applied = try await ReplicaPosition.appliedNames(names, database)
        for name in names {
            if Task.isShuttingDownGracefully { return }
            if applied.contains(name) {
                if source.deleteAfterApply {
                    try await transfer.delete(name)
                    logger.info("removed an applied file upstream", metadata: ["file": "\(name)"])
                }
                continue
            }
            if inbox.contains(name) { continue }
            // The apply loop may have taken it from the inbox and applied it since the listing.
            if try await !ReplicaPosition.appliedNames([name], database).isEmpty { continue }
            // Stays set when a download fails, until a round fetches everything listed: the
            // apply loop must not take what is in the inbox for the whole batch.
            state.fetching = true
            try await fetch(name, with: transfer, into: inbox)
        }
        state.fetching = false
    }

    private func fetch(_ name: String, with transfer: CurlTransfer, into inbox: Inbox) async throws {
        let temporary = "\(inbox.directory)/.\(name).part"
        let target = "\(inbox.directory)/\(name)"
        let metrics = self.metrics
        do {
            let bytes = try await cancelWhenGracefulShutdown {
                try await transfer.download(name, to: temporary) { count in metrics.bytesFetched.increment(by: Int64(count)) }
            }
            guard Inbox.endsWithTrailer(path: temporary) else {
                throw TransferError(operation: "download", url: transfer.source.url(of: name), message: "the file has no 999 trailer: incomplete")
            }
            guard rename(temporary, target) == 0 else {
                throw TransferError(operation: "download", url: transfer.source.url(of: name), message: "cannot rename into the inbox: \(String(cString: strerror(errno)))")
            }
            Self.syncDirectory(inbox.directory)
            logger.info("fetched a file", metadata: ["file": "\(name)", "bytes": "\(bytes)"])
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}
