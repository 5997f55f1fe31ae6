import CPRStore
import Logging
import PostgresNIO
import ServiceLifecycle

/// The single-writer rule for a long-running writer. Same advisory lock as `cprd ingest`
/// (`AdvisoryLock.writer`), held on a connection of its own; but unlike `WriterLock` it
/// stands by (trying every `retry`, so SIGTERM is honoured while waiting) and keeps watching
/// the lock's connection: if that connection breaks, PostgreSQL has released the lock and
/// another daemon may already write, so the holder must stop at once.
enum WriterLease {
    /// Runs `body` while this process holds the lock; returns false without running it when
    /// a graceful shutdown came first. Throws `LockLost` when the lock's connection breaks.
    static func hold(
        _ database: Database, retry: Duration, check: Duration = .seconds(2),
        onStandby: @Sendable () -> Void,
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws -> Bool {
        let logger = database.logger
        let key = AdvisoryLock.writer.rawValue
        return try await database.client.withConnection { connection in
            while true {
                let acquired = try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                    .decode(Bool.self).collect().first ?? false
                if acquired { break }
                onStandby()
                try await Task.sleep(for: retry)
                if Task.isShuttingDownGracefully { return false }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: check)
                        do {
                            _ = try await withDeadline(check * 5) {
                                try await connection.query("SELECT 1", logger: logger)
                            }
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            throw LockLost(underlying: "\(error)")
                        }
                    }
                }
                // The body ends (shutdown) or the monitor throws (lock lost): either way, stop both.
                defer { group.cancelAll() }
                try await group.next()
            }
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
            return true
        }
    }
}

/// The writer lock's connection broke: PostgreSQL released the lock.
public struct LockLost: Error, CustomStringConvertible {
    public var underlying: String
    public var description: String { "writer lock lost (its database connection broke: \(underlying))" }
}

struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "no answer in time" }
}

/// Runs `body`, throwing `DeadlineExceeded` if it takes longer than `limit`.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
