import Synchronization

/// Tells a pool's COPY writers that its statements are being cancelled through PostgreSQL.
/// A cancelled COPY ends on the server, and one more `write` after that makes postgres-nio
/// 1.33 trap (its state machine has left copy mode): writers check this before each write,
/// and the canceller waits a moment between raising it and the first cancel.
public final class StatementCancellation: Sendable {
    private let state = Mutex((round: 0, active: false))

    public init() {}

    /// Which cancellation round it is: a writer notes it when its COPY starts.
    public var round: Int { state.withLock { $0.round } }

    /// Whether a COPY that started in `round` must stop writing now.
    public func stopsCopy(startedIn round: Int) -> Bool {
        state.withLock { $0.active || $0.round != round }
    }

    func begin() { state.withLock { $0 = (round: $0.round + 1, active: true) } }

    func end() { state.withLock { $0.active = false } }
}
