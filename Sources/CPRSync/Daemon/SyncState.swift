import Foundation
import Synchronization

/// What the daemon's services share: the phase, the apply loop's heartbeat (the watchdog
/// pings only while it beats) and the current status line.
public final class SyncState: Sendable {
    public enum Phase: String, Sendable {
        case starting, migrating, standby, active, stopping
    }

    private struct Values {
        var phase = Phase.starting
        var heartbeat = ContinuousClock.now
        var status = "starting"
        var queueStopped = false
        var fetching = false
        var batchesStarted = 0
        var holdsLock = false
        var fileInHand = false
        var duplicateNames: Set<String> = []
        var notCPRNames: Set<String> = []
    }

    private let values = Mutex(Values())
    private let notifier: SystemdNotifier

    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
    }

    public var phase: Phase { values.withLock { $0.phase } }
    public var status: String { values.withLock { $0.status } }
    public var queueStopped: Bool { values.withLock { $0.queueStopped } }

    public func enter(_ phase: Phase) {
        values.withLock {
            $0.phase = phase
            $0.heartbeat = .now
        }
    }

    /// The apply loop (or a standby's lock loop) is alive and not stuck.
    public func beat() {
        values.withLock { $0.heartbeat = .now }
    }

    public func sinceHeartbeat() -> Duration {
        .now - values.withLock { $0.heartbeat }
    }

    /// An upstream batch is not all in: being downloaded, or a download failed and is being
    /// retried. Its files may arrive in any order, so meanwhile the apply loop applies only a
    /// change file that continues the replica; anything else waits for the whole batch.
    public var fetching: Bool {
        get { values.withLock { $0.fetching } }
        set {
            values.withLock {
                if newValue && !$0.fetching { $0.batchesStarted += 1 }
                $0.fetching = newValue
            }
        }
    }

    public struct Batch: Sendable, Equatable {
        public var fetching: Bool
        public var started: Int
    }

    /// An inbox scan taken between two equal readings of this, not fetching, saw whole batches.
    public var batch: Batch {
        values.withLock { Batch(fetching: $0.fetching, started: $0.batchesStarted) }
    }

    /// This process holds the writer lock and its apply loop runs.
    public var holdsLock: Bool {
        get { values.withLock { $0.holdsLock } }
        set { values.withLock { $0.holdsLock = newValue } }
    }

    /// The apply loop is ingesting a file.
    public var fileInHand: Bool {
        get { values.withLock { $0.fileInHand } }
        set { values.withLock { $0.fileInHand = newValue } }
    }

    /// Names whose bytes turned out to be applied already (under another name): the ingest
    /// records no ledger row for them, so the poller would fetch them again every round. In
    /// memory for the life of the process: after a restart each such name is fetched once
    /// more, recognised again by its content hash (a no-op) and remembered again.
    public func rememberDuplicate(_ name: String) {
        _ = values.withLock { $0.duplicateNames.insert(name) }
    }

    public func isDuplicate(_ name: String) -> Bool {
        values.withLock { $0.duplicateNames.contains(name) }
    }

    /// Upstream names whose content does not start with a CPR 000 record (a README, say): never
    /// a CPR file, whatever else is appended to it later. In memory, like `rememberDuplicate`.
    public func rememberNotCPR(_ name: String) {
        _ = values.withLock { $0.notCPRNames.insert(name) }
    }

    public func isNotCPR(_ name: String) -> Bool {
        values.withLock { $0.notCPRNames.contains(name) }
    }

    public func setQueueStopped(_ stopped: Bool) {
        values.withLock { $0.queueStopped = stopped }
    }

    /// Sets the status line; systemd shows it in `systemctl status`. Sent only when it changes.
    public func report(_ status: String) {
        let changed = values.withLock { values in
            defer { values.status = status }
            return values.status != status
        }
        if changed { notifier.notify("STATUS=\(status)") }
    }
}
