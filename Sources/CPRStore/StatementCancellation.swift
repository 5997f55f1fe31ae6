import Synchronization

/// Tells a pool's long work that its statements are about to be cancelled through
/// PostgreSQL. Work notes the round it began in and stops once a later round is announced:
/// a COPY writer before its next chunk (a cancelled COPY ends on the server, and one more
/// `write` after that makes postgres-nio 1.33 trap), an ingest between its statements
/// (a cancel reaches only a running statement). Each round is announced a moment before
/// its cancel is sent.
public final class StatementCancellation: Sendable {
    /// Thrown by work that stopped for a cancellation round (a COPY writer before its next
    /// chunk, an ingest between its steps): like a cancelled statement, it fails the work
    /// (and is not the task's cancellation, which would end the apply loop).
    public struct Stopped: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "stopped: this pool's statements are being cancelled" }
    }

    private let rounds = Atomic<Int>(0)

    public init() {}

    /// The current round: work notes it when it begins (an ingest, for all its COPYs too).
    public var round: Int { rounds.load(ordering: .acquiring) }

    /// Throws `Stopped` once a round was announced after `round`: long work checks between
    /// its statements, since a cancel reaches only a statement that is running.
    public func check(startedIn round: Int) throws(Stopped) {
        if self.round != round { throw Stopped() }
    }

    func announce() { rounds.add(1, ordering: .releasing) }
}
