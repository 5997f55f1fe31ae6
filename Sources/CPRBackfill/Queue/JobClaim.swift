import CPRStore
import Foundation
import Logging
import PostgresNIO

/// A job this worker holds: the row is marked running with this worker's token, and a session
/// advisory lock on the job id is held on `connection`. Only one session can hold that lock,
/// so no two workers run a job at once; when a worker dies its connection closes, the lock is
/// released, and the next claim resumes the job from its checkpoint.
struct JobClaim: Sendable {
    let job: Job
    let token: String
    let connection: PostgresConnection

    /// The two-key advisory lock space for jobs (`pg_try_advisory_lock(int, int)`), apart from
    /// the one-key locks in `AdvisoryLock`.
    static let lockClass: Int32 = 0x6266_6A62  // "bfjb"

    /// Claims the oldest runnable job on `connection` (which must stay open while the job
    /// runs), or returns nil when there is none.
    /// Whether a job is runnable but held by another session (a live worker, or one whose
    /// backend PostgreSQL has not yet ended).
    static func heldElsewhere(on connection: PostgresConnection, token: String, logger: Logger) async throws -> Bool {
        try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM backfill_job
            WHERE state IN ('queued', 'running') AND (run_after <= now() OR cancel_requested)
              AND NOT (state = 'running' AND worker IS NOT DISTINCT FROM \(token)))
            """, logger: logger).decode(Bool.self).collect().first ?? false
    }

    static func next(on connection: PostgresConnection, token: String, logger: Logger) async throws -> JobClaim? {
        try await connection.query("BEGIN", logger: logger)
        do {
            // Advisory locks are re-entrant within a session: skip what this worker already holds.
            let candidates = try await connection.query("""
                SELECT id FROM backfill_job
                WHERE state IN ('queued', 'running') AND (run_after <= now() OR cancel_requested)
                  AND NOT (state = 'running' AND worker IS NOT DISTINCT FROM \(token))
                ORDER BY id LIMIT 32
                FOR UPDATE SKIP LOCKED
                """, logger: logger).decode(Int64.self).collect()
            for id in candidates {
                let locked = try await connection.query(
                    "SELECT pg_try_advisory_lock(\(lockClass), \(Int32(truncatingIfNeeded: id)))", logger: logger
                ).decode(Bool.self).collect().first ?? false
                // Held: another live worker runs it.
                guard locked else { continue }
                let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                    UPDATE backfill_job SET state = 'running', attempts = attempts + 1, worker = $1,
                        started_at = coalesce(started_at, now()), heartbeat_at = now()
                    WHERE id = \(id) RETURNING \(Job.columns)
                    """, binds: binds(token)), logger: logger).decode(Job.Row.self).collect()
                try await connection.query("COMMIT", logger: logger)
                return JobClaim(job: try Job(row: rows[0]), token: token, connection: connection)
            }
            try await connection.query("COMMIT", logger: logger)
            return nil
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Lets the job go: the row must already say what became of it.
    func release(logger: Logger) async {
        _ = try? await connection.query(
            "SELECT pg_advisory_unlock(\(Self.lockClass), \(Int32(truncatingIfNeeded: job.id)))", logger: logger
        )
    }
}

func binds(_ values: String?...) -> PostgresBindings {
    var bindings = PostgresBindings()
    for value in values { bindings.append(value) }
    return bindings
}
