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
        var holdsLock = false
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

    /// The poller is downloading a batch: files of one batch may arrive in any order, so
    /// the apply loop waits for the whole batch before it picks the earliest.
    public var fetching: Bool {
        get { values.withLock { $0.fetching } }
        set { values.withLock { $0.fetching = newValue } }
    }

    /// This process holds the writer lock and its apply loop runs.
    public var holdsLock: Bool {
        get { values.withLock { $0.holdsLock } }
        set { values.withLock { $0.holdsLock = newValue } }
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
