import CPRStore
import Foundation
import Logging
import PostgresNIO

/// The operator's side of `backfill_job`: enqueue, list, show, cancel.
public struct JobQueue: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Inserts a queued job; returns its id.
    public func enqueue(_ kind: JobKind, arguments: some Encodable & Sendable, maxAttempts: Int = 5) async throws -> Int64 {
        try await database.client.withConnection { connection in
            try await Self.enqueue(kind, arguments: arguments, maxAttempts: maxAttempts, on: connection, logger: database.logger)
        }
    }

    /// Inside a caller's transaction (reconcile enqueues its fixes with its own checkpoint).
    static func enqueue(
        _ kind: JobKind, arguments: some Encodable, maxAttempts: Int = 5, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        let text = JobArguments.encode(arguments)
        return try await connection.query("""
            INSERT INTO backfill_job (kind, arguments, max_attempts) VALUES (\(kind.rawValue), \(text), \(maxAttempts)) RETURNING id
            """, logger: logger).decode(Int64.self).collect()[0]
    }

    /// Open jobs and, with `all`, finished ones too; newest last.
    public func list(all: Bool = false, limit: Int = 100) async throws -> [Job] {
        let filter = all ? "" : "WHERE state IN ('queued', 'running')"
        let rows = try await database.client.query(PostgresQuery(unsafeSQL: """
            SELECT * FROM (SELECT \(Job.columns) FROM backfill_job \(filter) ORDER BY id DESC LIMIT \(limit)) j ORDER BY id
            """), logger: database.logger).decode(Job.Row.self).collect()
        return try rows.map(Job.init(row:))
    }

    public func job(_ id: Int64) async throws -> Job {
        let rows = try await database.client.query(PostgresQuery(unsafeSQL:
            "SELECT \(Job.columns) FROM backfill_job WHERE id = \(id)"
        ), logger: database.logger).decode(Job.Row.self).collect()
        guard let row = rows.first else { throw BackfillError.noSuchJob(id) }
        return try Job(row: row)
    }

    public enum CancelOutcome: Sendable, Equatable {
        /// It had not started: cancelled at once.
        case cancelled
        /// A worker has it (or will resume it): it stops at its next checkpoint.
        case requested
        /// Already finished; nothing changed.
        case alreadyFinished(JobState)
    }

    public func cancel(_ id: Int64) async throws -> CancelOutcome {
        try await database.client.transaction(logger: database.logger) { connection in
            let rows = try await connection.query(
                "SELECT state, attempts FROM backfill_job WHERE id = \(id) FOR UPDATE", logger: database.logger
            ).decode((String, Int).self).collect()
            guard let row = rows.first, let state = JobState(rawValue: row.0) else { throw BackfillError.noSuchJob(id) }
            let attempts = row.1
            if state.isFinished { return .alreadyFinished(state) }
            if state == .queued && attempts == 0 {
                // Never started: nothing to undo.
                try await connection.query("""
                    UPDATE backfill_job SET state = 'cancelled', cancel_requested = true, finished_at = now(),
                        result = 'cancelled before it started' WHERE id = \(id)
                    """, logger: database.logger)
                return .cancelled
            }
            // A job that ran may hold work to undo (a rebuild's copy): a worker finishes the cancel.
            try await connection.query(
                "UPDATE backfill_job SET cancel_requested = true, run_after = now() WHERE id = \(id)", logger: database.logger
            )
            return .requested
        }
    }
}
