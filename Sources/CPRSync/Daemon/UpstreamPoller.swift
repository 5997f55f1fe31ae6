import CPRStore
import Foundation
import Glibc
import Logging
import ServiceLifecycle

/// Polls the upstream folder: downloads each new file to a hidden temporary name in the
/// inbox, checks it is whole (curl's byte count and the 999 trailer), then renames it in,
/// where the apply loop finds it. `.metadata` companions are skipped. Files the ledger
/// records as applied are not fetched again, and are removed upstream when configured.
/// A failed listing is retried with backoff; a failure on one file is retried next round.
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

    /// One round over the upstream listing, in name order. A failure on one name (a download
    /// cut short, a file still being written, a delete the server refuses) is logged, counted
    /// in `cprd_sync_upstream_failures_total` and skipped for this round; the other names go
    /// on. Files are still applied in production-date order: the apply loop waits, or refuses
    /// a gap, while a file before them keeps failing. A name whose content does not start
    /// with a CPR 000 record is not a CPR file: it is skipped from then on and never holds up
    /// a batch. A duplicate (bytes applied before under another name) is not fetched again.
    func poll(_ source: UpstreamSource, inbox: Inbox) async throws {
        let transfer = CurlTransfer(source: source)
        try inbox.create()
        let names = try await transfer.list().filter(PendingFile.isCandidate(name:)).sorted()
        let applied = try await ReplicaPosition.appliedNames(names, database)
        // A CPR file listed upstream is not in the inbox yet (a failed or refused download).
        var incomplete = false
        for name in names {
            if Task.isShuttingDownGracefully { return }
            if state.isNotCPR(name) { continue }
            var downloading = false
            do {
                if applied.contains(name) || state.isDuplicate(name) {
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
                downloading = true
                try await fetch(name, with: transfer, into: inbox)
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as TransferError where error.cancelled {
                throw error
            } catch let error as NotACPRFile {
                state.rememberNotCPR(name)
                metrics.upstreamFailures.increment()
                logger.warning("skipping an upstream file that is not a CPR file", metadata: [
                    "file": "\(name)", "error": "\(error)",
                ])
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { throw error }
                if downloading { incomplete = true }
                metrics.upstreamFailures.increment()
                logger.warning("upstream file failed; skipped this round", metadata: [
                    "upstream": "\(source.redacted)", "file": "\(name)", "error": "\(error)",
                ])
            }
        }
        state.fetching = incomplete
    }

    private func fetch(_ name: String, with transfer: CurlTransfer, into inbox: Inbox) async throws {
        let temporary = "\(inbox.directory)/.\(name).part"
        let target = "\(inbox.directory)/\(name)"
        let metrics = self.metrics
        do {
            let bytes = try await cancelWhenGracefulShutdown {
                try await transfer.download(name, to: temporary) { count in metrics.bytesFetched.increment(by: Int64(count)) }
            }
            guard Self.startsLikeCPR(path: temporary) else {
                throw NotACPRFile(url: transfer.source.url(of: name))
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

    /// False only when the file has at least 3 bytes and they are not `000`: every CPR file,
    /// however little of it has been written, starts with its 000 record.
    static func startsLikeCPR(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 3)
        guard read(descriptor, &bytes, 3) == 3 else { return true }
        return bytes == Array("000".utf8)
    }

    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}

/// A downloaded file that does not start with a 000 record: not a CPR file at all.
struct NotACPRFile: Error, CustomStringConvertible {
    var url: String
    var description: String { "\(url): does not start with a CPR 000 record: not a CPR file" }
}
