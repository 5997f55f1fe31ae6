import Synchronization

/// Whether a running job's claim still stands: set when the claim's connection stops
/// answering (PostgreSQL then released the job's lock, and another worker may take it).
final class ClaimWatch: Sendable {
    private let lost = Mutex(false)

    var isLost: Bool { lost.withLock { $0 } }

    func markLost() { lost.withLock { $0 = true } }
}
