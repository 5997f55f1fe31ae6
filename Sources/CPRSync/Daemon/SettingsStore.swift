import Synchronization

/// The current settings; replaced on SIGHUP, read by each loop at the top of every round.
public final class SettingsStore: Sendable {
    private let value: Mutex<SyncSettings>

    public init(_ settings: SyncSettings) {
        value = Mutex(settings)
    }

    public var current: SyncSettings { value.withLock { $0 } }

    func replace(_ settings: SyncSettings) {
        value.withLock { $0 = settings }
    }
}
