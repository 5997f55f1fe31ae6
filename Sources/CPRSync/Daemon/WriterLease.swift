import CPRStore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The single-writer rule for a long-running writer. Same advisory lock as `cprd ingest`
/// (`AdvisoryLock.writer`), held on a connection of its own; but unlike `WriterLock` it
/// stands by (trying every `retry`, so SIGTERM is honoured while waiting) and keeps watching
/// the lock's connection: if that connection breaks, PostgreSQL has released the lock and
/// another daemon may already write, so the holder must stop at once.
enum WriterLease {
    /// Runs `body` while this process holds the lock; returns false without running it when
    /// a graceful shutdown came first. Throws `LockLost` when the lock's connection breaks
    /// (noticed within about `check` + `answerLimit`): `status` then says so, `onLost` is called, the statements
    /// of the file in hand are cancelled through PostgreSQL (while `fileInHand()`) so its
    /// transaction rolls back, and `body` is given up to `rollBackLimit` to end before it is
    /// cancelled.
    static func hold(
        _ database: Database, retry: Duration, check: Duration = .seconds(1), answerLimit: Duration = .seconds(3),
        rollBackLimit: Duration = .seconds(5),
        fileInHand: @escaping @Sendable () -> Bool = { true },
        onLost: @Sendable (String) -> Void = { _ in },
        onStandby: @Sendable () -> Void,
        _ body: @escaping @Sendable (LeaseStatus) async throws -> Void
    ) async throws -> Bool {
        let logger = database.logger
        let key = AdvisoryLock.writer.rawValue
        // A session of its own: however this ends (a slow check taken for a loss, say), closing
        // it releases the lock, where a pooled connection would go back still holding it.
        return try await database.withDedicatedConnection(closeLimit: answerLimit) { connection in
            while true {
                let acquired = try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                    .decode(Bool.self).collect().first ?? false
                if acquired { break }
                onStandby()
                try await Task.sleep(for: retry)
                if Task.isShuttingDownGracefully { return false }
            }
            let status = LeaseStatus()
            enum Event: Sendable { case bodyEnded, lost(String), rollBackLimit }
            try await withThrowingTaskGroup(of: Event.self) { group in
                group.addTask {
                    try await body(status)
                    return .bodyEnded
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: check)
                        do {
                            // Returns on time even if the query never answers (see `withDeadline`).
                            _ = try await withDeadline(answerLimit) {
                                try await connection.query("SELECT 1", logger: logger)
                            }
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            return .lost("\(error)")
                        }
                    }
                }
                defer { group.cancelAll() }
                guard case .lost(let reason) = try await group.next()! else { return }
                // The lock is gone: another daemon may take it now. Stop writing: no new file is
                // started, and the file in hand rolls back through PostgreSQL (cancelling the task
                // mid-COPY traps postgres-nio), before its transaction can commit.
                status.markLost()
                onLost(reason)
                logger.error("writer lock lost: its database connection broke; stopping writes", metadata: ["error": "\(reason)"])
                group.addTask {
                    try await database.keepCancellingStatements(for: rollBackLimit, while: fileInHand)
                    return .rollBackLimit
                }
                // The body ends by itself once it sees the loss (or its ingest fails); errors
                // it throws meanwhile are consequences of the loss.
                while true {
                    do {
                        guard let event = try await group.next() else { break }
                        if case .lost = event { continue }
                        break
                    } catch {
                        break
                    }
                }
                throw LockLost(underlying: reason)
            }
            _ = try? await withDeadline(answerLimit) {
                try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
            }
            return true
        }
    }
}

/// Whether the writer lock of the current `WriterLease.hold` is known to be lost; the apply
/// loop checks it before each file and stops when it is set.
final class LeaseStatus: Sendable {
    private let lost = Atomic<Bool>(false)

    init() {}

    var isLost: Bool { lost.load(ordering: .acquiring) }

    func markLost() { lost.store(true, ordering: .releasing) }
}

/// The writer lock's connection broke: PostgreSQL released the lock.
public struct LockLost: Error, CustomStringConvertible {
    public var underlying: String
    public var description: String { "writer lock lost (its database connection broke: \(underlying))" }
}
