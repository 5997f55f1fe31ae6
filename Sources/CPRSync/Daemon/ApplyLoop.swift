import CPRIngest
import CPRStore
import Foundation
import Glibc
import Logging
import ServiceLifecycle

/// Applies inbox files in production-date order through the `Ingestor` (the code path of
/// `cprd ingest`), one at a time, while this process holds the writer lock. Decisions come
/// from `ApplyQueue`; this type only does the I/O. Returns on graceful shutdown, after the
/// file in hand has finished or rolled back, and when `lease` says the writer lock was lost.
struct ApplyLoop: Sendable {
    let database: Database
    let settings: SettingsStore
    let state: SyncState
    let metrics: SyncMetrics
    let logger: Logger
    var lease = LeaseStatus()

    func run() async throws {
        var queue = ApplyQueue()
        var settings = self.settings.current
        var backoff = Backoff(initial: settings.retryInitial, maximum: settings.retryMaximum)
        var lastWaitNotice: String?
        while !Task.isShuttingDownGracefully && !lease.isLost {
            settings = self.settings.current
            backoff.initial = settings.retryInitial
            backoff.maximum = settings.retryMaximum
            state.beat()
            let inbox = Inbox(directory: settings.inboxDirectory)
            do {
                try inbox.create()
                let before = state.batch
                let pending = try inbox.scan()
                // Whole batches only if none was unfinished or started during the scan.
                let wholeBatches = !before.fetching && state.batch == before
                let position = try await ReplicaPosition.read(database)
                metrics.filesPending.set(Double(pending.count))
                metrics.record(productionDate: position.lastProductionDate)
                metrics.lastAppliedUnixTime.set(position.appliedAt?.timeIntervalSince1970 ?? 0)
                let replica = "replica at \(position.lastProductionDate ?? "nothing")"
                switch queue.next(pending: pending, lastFileID: position.lastFileID) {
                case .idle:
                    state.setQueueStopped(false)
                    metrics.gap.set(Double(0))
                    state.report("active: \(replica); inbox empty")
                    try await pause(settings.inboxInterval, state: state)
                case .waitForCompletion(let file):
                    if lastWaitNotice != file.name {
                        logger.notice("waiting for a file to be complete (no 999 trailer yet)", metadata: ["file": "\(file.name)"])
                        lastWaitNotice = file.name
                    }
                    state.report("active: \(replica); waiting for \(file.name) to be complete")
                    try await pause(settings.inboxInterval, state: state)
                case .stopped(let stop):
                    if let file = pending.first(where: { $0.name == stop.file }),
                       let fingerprint = try await forceRequest(for: file) {
                        // An operator's `cprd ingest --force` for exactly these bytes.
                        state.report("active: \(replica); applying \(file.name) as forced by an operator")
                        let rejection = try await apply(file, settings: settings, force: true)
                        try await ForcedFile.done(sha256: fingerprint.sha256, database)
                        logger.notice("applied a file forced by an operator", metadata: [
                            "file": "\(file.name)", "outcome": "\(rejection.map { "rejected: \($0)" } ?? "applied")",
                        ])
                        if let rejection {
                            let after = try await ReplicaPosition.read(database)
                            queue.rejected(
                                file, reason: rejection.reason, isGap: rejection.reason == "gap",
                                pending: try inbox.scan(), lastFileID: after.lastFileID
                            )
                        } else {
                            queue = ApplyQueue()
                        }
                        continue
                    }
                    state.setQueueStopped(true)
                    metrics.gap.set(Double(stop.isGap ? 1 : 0))
                    state.report("failing: queue stopped at \(stop.file): \(stop.reason); waiting for an operator")
                    try await pause(settings.inboxInterval, state: state)
                case .apply(let file) where !wholeBatches && !Self.continues(position, with: file):
                    // An upstream batch is not all in (downloading, or a download failed and is
                    // retried): a file it lacks may come before this one. Not a gap yet.
                    state.report("active: \(replica); waiting for upstream files before \(file.name)")
                    try await pause(settings.inboxInterval, state: state)
                case .apply(let file):
                    state.setQueueStopped(false)
                    metrics.gap.set(Double(0))
                    state.report("active: \(replica); applying \(file.name) (\(pending.count - 1) more pending)")
                    if let rejection = try await apply(file, settings: settings) {
                        metrics.filesRejected.increment()
                        let after = try await ReplicaPosition.read(database)
                        queue.rejected(
                            file, reason: rejection.reason, isGap: rejection.reason == "gap",
                            pending: try inbox.scan(), lastFileID: after.lastFileID
                        )
                        metrics.gap.set(Double(rejection.reason == "gap" ? 1 : 0))
                        state.setQueueStopped(true)
                    }
                }
                backoff.succeeded()
            } catch is CancellationError {
                return
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled || lease.isLost { return }
                let delay = backoff.failed()
                metrics.retries.increment()
                logger.warning("apply loop failed; retrying", metadata: [
                    "error": "\(error)", "retry_in_seconds": "\(delay.components.seconds)", "attempt": "\(backoff.failures)",
                ])
                state.report("retrying in \(delay.components.seconds) s: \(error)")
                try await pause(delay, state: state)
            }
        }
    }

    /// Applies one file; returns the ingest's refusal, or nil when the file was applied or
    /// had been applied before (either way it leaves the inbox: it is in the archive).
    /// A passing failure (database, archive I/O) is thrown for the caller to retry.
    /// The file's fingerprint when an operator asked for it to be forced, else nil.
    private func forceRequest(for file: PendingFile) async throws -> FileFingerprint? {
        guard try await ForcedFile.isRequested(name: file.name, database) else { return nil }
        let fingerprint = try FileFingerprint(path: file.path)
        return try await ForcedFile.isRequested(sha256: fingerprint.sha256, database) ? fingerprint : nil
    }

    private func apply(_ file: PendingFile, settings: SyncSettings, force: Bool = false) async throws -> IngestError? {
        var ingestor = Ingestor(database: database, archive: Archive(directory: settings.archiveDirectory))
        let state = self.state
        ingestor.progress = { _, _ in state.beat() }
        let summary: IngestSummary
        // Never start a file without the lock (the lease may have been lost since the loop's check).
        guard !lease.isLost else { throw CancellationError() }
        state.fileInHand = true
        defer { state.fileInHand = false }
        do {
            summary = try await Self.finishOrRollBack(grace: settings.stopGrace, database: database) { [ingestor] in
                try await ingestor.ingest(file.path, kind: file.kind, force: force)
            }
        } catch where lease.isLost {
            logger.error("writer lock lost before the file was applied: rolled back, it stays in the inbox", metadata: [
                "file": "\(file.name)", "error": "\(error)",
            ])
            throw error
        } catch where Task.isShuttingDownGracefully {
            logger.notice("stopped before the file was applied: rolled back, it stays in the inbox", metadata: [
                "file": "\(file.name)", "error": "\(error)",
            ])
            throw error
        } catch let error as IngestError {
            switch error {
            case .io, .writerBusy:
                throw error
            case .format, .content, .gap, .outOfOrder:
                return error
            }
        }
        if summary.outcome == .applied { metrics.filesApplied.increment() }
        // The same bytes under another name: no ledger row says so, remember it for the poller.
        if summary.outcome == .alreadyApplied { state.rememberDuplicate(file.name) }
        if unlink(file.path) != 0 && errno != ENOENT {
            logger.warning("could not remove an applied file from the inbox", metadata: ["file": "\(file.name)", "error": "\(String(cString: strerror(errno)))"])
        }
        logger.info("sync: \(summary.outcome.rawValue)", metadata: [
            "file": "\(file.name)", "production": "\(summary.productionDate)", "persons": "\(summary.persons)",
        ])
        return nil
    }

    /// Whether `file` is the change file that follows the replica's last one, so no file of
    /// an unfinished batch can precede it.
    static func continues(_ position: ReplicaPosition, with file: PendingFile) -> Bool {
        guard file.kind == .change, let last = position.lastProductionDate, let production = file.productionDate else { return false }
        return file.previousProductionDate == last && production > last
    }

    /// Runs the ingest of the file in hand. On graceful shutdown it may finish within
    /// `grace`; after that PostgreSQL is asked to cancel the ingest's statements, again and
    /// again until the ingest gives up, so the file rolls back through the driver's normal
    /// error path. (Cancelling the task instead traps postgres-nio mid-COPY.) Only if that
    /// has not ended it within `cancelLimit` is the task cancelled. (8 s: on a loaded machine
    /// 5 s of cancelling did not always end a load; the stop backstop comes at grace + 10 s.)
    static func finishOrRollBack(
        grace: Duration, database: Database, cancelLimit: Duration = .seconds(8),
        _ ingest: @escaping @Sendable () async throws -> IngestSummary
    ) async throws -> IngestSummary {
        try await withThrowingTaskGroup(of: IngestSummary?.self) { group in
            group.addTask { try await ingest() }
            group.addTask {
                try await gracefulShutdown()
                try await Task.sleep(for: grace)
                database.logger.warning("stopping: rolling back the file in hand", metadata: ["grace_seconds": "\(grace.components.seconds)"])
                try await database.keepCancellingStatements(for: cancelLimit)
                database.logger.warning("the file in hand did not roll back within the cancel limit; cancelling its task", metadata: ["cancel_limit_seconds": "\(cancelLimit.components.seconds)"])
                return nil
            }
            defer { group.cancelAll() }
            guard let summary = try await group.next()! else { throw CancellationError() }
            return summary
        }
    }
}
