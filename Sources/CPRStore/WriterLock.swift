import Logging
import PostgresNIO

/// The single-writer rule: exactly one process (the sync daemon, or `cprd ingest` by hand)
/// changes the replica at a time. A session-level advisory lock is held on a connection of
/// its own; if that connection dies, PostgreSQL releases the lock and a standby can take over.
public enum WriterLock {
    /// Runs `body` while holding the lock. With `wait` false, returns nil at once when another
    /// process holds it.
    public static func withLock<Result: Sendable>(
        _ database: Database,
        wait: Bool,
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result? {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            if wait {
                try await connection.query("SELECT pg_advisory_lock(\(AdvisoryLock.writer.rawValue))", logger: logger)
            } else {
                let acquired = try await connection.query(
                    "SELECT pg_try_advisory_lock(\(AdvisoryLock.writer.rawValue))", logger: logger
                ).decode(Bool.self).collect().first ?? false
                guard acquired else { return nil }
            }
            do {
                let result = try await body()
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(AdvisoryLock.writer.rawValue))", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(AdvisoryLock.writer.rawValue))", logger: logger)
                throw error
            }
        }
    }
}
