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
    /// The job's attempts were used up before this claim: it is to be failed, not run.
    var exhausted = false

    /// The two-key advisory lock space for jobs (`pg_try_advisory_lock(int, int)`), apart from
    /// the one-key locks in `AdvisoryLock`.
    static let lockClass: Int32 = 0x6266_6A62  // "bfjb"

    /// How long a query on a claim's connection may take before the connection counts as gone.
    static let answerTimeout: Duration = .seconds(10)

    /// Whether a job is runnable but held by another session (a live worker, or one whose
    /// backend PostgreSQL has not yet ended).
    static func heldElsewhere(on connection: PostgresConnection, token: String, logger: Logger) async throws -> Bool {
        try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM backfill_job j
            WHERE j.state IN ('queued', 'running') AND (j.run_after <= now() OR j.cancel_requested)
              AND NOT (j.state = 'running' AND j.worker IS NOT DISTINCT FROM \(token) AND EXISTS (
                SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.granted AND l.objsubid = 2
                  AND l.classid::bigint = \(Int64(lockClass)) AND l.objid::bigint = (j.id & 4294967295))))
            """, logger: logger).decode(Bool.self).collect().first ?? false
    }

    /// Claims the oldest runnable job on `connection` (which must stay open while the job
    /// runs), or returns nil when there is none. A job whose attempts are used up (its workers
    /// died during every one) is claimed `exhausted`, not to run but to be failed.
    static func next(on connection: PostgresConnection, token: String, logger: Logger) async throws -> JobClaim? {
        try await connection.query("BEGIN", logger: logger)
        do {
            // Skipped: a job this session already holds (advisory locks are re-entrant within a
            // session). A job left `running` under this worker's token but not locked by this
            // session is one whose claim was lost (its connection dropped before the job could
            // be handed back): it is runnable again, by this worker as by any other.
            let candidates = try await connection.query("""
                SELECT j.id, j.attempts >= j.max_attempts FROM backfill_job j
                WHERE j.state IN ('queued', 'running') AND (j.run_after <= now() OR j.cancel_requested)
                  AND NOT (j.state = 'running' AND j.worker IS NOT DISTINCT FROM \(token) AND EXISTS (
                    SELECT 1 FROM pg_locks l
                    WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.granted AND l.objsubid = 2
                      AND l.classid::bigint = \(Int64(lockClass)) AND l.objid::bigint = (j.id & 4294967295)))
                ORDER BY j.id LIMIT 32
                FOR UPDATE OF j SKIP LOCKED
                """, logger: logger).decode((Int64, Bool).self).collect()
            for (id, exhausted) in candidates {
                let locked = try await connection.query(
                    "SELECT pg_try_advisory_lock(\(lockClass), \(Int32(truncatingIfNeeded: id)))", logger: logger
                ).decode(Bool.self).collect().first ?? false
                // Held: another live worker runs it.
                guard locked else { continue }
                // An exhausted job is not counted again: the claim only lets this worker fail it.
                let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                    UPDATE backfill_job SET state = 'running', worker = $1,
                        attempts = CASE WHEN \(exhausted) THEN attempts ELSE attempts + 1 END,
                        started_at = coalesce(started_at, now()), heartbeat_at = now()
                    WHERE id = \(id) RETURNING \(Job.columns)
                    """, binds: binds(token)), logger: logger).decode(Job.Row.self).collect()
                try await connection.query("COMMIT", logger: logger)
                return JobClaim(job: try Job(row: rows[0]), token: token, connection: connection, exhausted: exhausted)
            }
            try await connection.query("COMMIT", logger: logger)
            return nil
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Lets the job go: the row must already say what became of it. False when the connection
    /// did not answer (its session, and with it the lock, is then as good as gone).
    @discardableResult
    func release(logger: Logger) async -> Bool {
        let connection = connection, id = job.id
        do {
            try await withDeadline(Self.answerTimeout) {
                _ = try await connection.query(
                    "SELECT pg_advisory_unlock(\(Self.lockClass), \(Int32(truncatingIfNeeded: id)))", logger: logger
                )
            }
            return true
        } catch {
            return false
        }
    }
}

func binds(_ values: String?...) -> PostgresBindings {
    var bindings = PostgresBindings()
    for value in values { bindings.append(value) }
    return bindings
}
