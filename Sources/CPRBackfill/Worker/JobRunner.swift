import CPRStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Runs one claimed job to an end the row records: succeeded, failed for good (with its
/// error), cancelled, queued again for a bounded retry, or left for another worker after a
/// graceful stop.
struct JobRunner: Sendable {
    let database: Database
    let settings: WorkerSettings
    let logger: Logger

    /// How often the claim's connection is checked: if it broke, PostgreSQL released the job's
    /// lock and another worker may take it, so this one must stop.
    static let claimCheck: Duration = .seconds(3)

    /// Runs the job; returns false when the claim's connection stopped answering, so the
    /// caller must drop it and claim on a new one.
    func run(_ claim: JobClaim) async -> Bool {
        let job = claim.job
        let watch = ClaimWatch()
        let context = JobContext(job: job, token: claim.token, database: database, settings: settings, logger: logger, watch: watch)
        let work = Self.work(for: job.kind)
        let metadata: Logger.Metadata = ["job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)"]
        do {
            if job.cancelRequested { throw JobCancelled() }
            if claim.exhausted { throw AttemptsUsedUp() }
            logger.info(job.checkpoint == "{}" ? "starting job" : "resuming job from its checkpoint", metadata: metadata)
            // Not cancelled on SIGTERM: the job stops at its next checkpoint (JobContext.record),
            // never inside a COPY, which postgres-nio cannot abandon without trapping.
            let result = try await Self.whileHeld(claim, watch: watch, logger: logger) { try await work.run(context) }
            try await finish(claim, state: .succeeded, result: result, error: nil)
            logger.info("job succeeded", metadata: metadata.merging(["result": "\(result)"]) { $1 })
        } catch {
            await settle(claim, work, context, after: unwrapped(error), metadata: metadata)
        }
        if watch.isLost { return false }
        return await claim.release(logger: logger)
    }

    /// Records what became of a job that ended by an error.
    private func settle(_ claim: JobClaim, _ work: any BackfillJob, _ context: JobContext, after error: any Error, metadata: Logger.Metadata) async {
        let job = claim.job
        switch error {
        case is JobCancelled:
            await abandon(work, context)
            try? await finish(claim, state: .cancelled, result: "cancelled by an operator", error: nil)
            logger.notice("job cancelled", metadata: metadata)
        case is AttemptsUsedUp:
            // Every attempt ended without an outcome: its worker died (OOM, SIGKILL, a crash) or
            // lost its database connection each time. Claiming it again would only repeat that,
            // and starve the jobs behind it.
            let message = "gave up after \(job.attempts) of \(job.maxAttempts) attempts: the worker running it died "
                + "(crashed, was killed, or lost its database connection) before the attempt could record an outcome"
                + (job.error.map { "; last recorded error: \($0)" } ?? "")
            await abandon(work, context)
            try? await finish(claim, state: .failed, result: nil, error: message)
            logger.error("job failed for good: its attempts are used up", metadata: metadata.merging(["error": "\(message)"]) { $1 })
        case let lost as ClaimLost where lost.connectionLost:
            // Hand the job back with its checkpoint; the attempt counts. Fenced by the token: a
            // worker that took the job over meanwhile keeps it. When the database cannot be
            // reached the row stays `running` under this token, unlocked, and the next claim
            // (this worker's, on a new connection, or another's) takes it up again.
            let handedBack = try? await withDeadline(JobClaim.answerTimeout) { [database, logger] in
                try await database.client.query(PostgresQuery(unsafeSQL: """
                    UPDATE backfill_job SET state = 'queued', run_after = now(), error = $1
                    WHERE id = \(job.id) AND worker = $2 AND state = 'running' RETURNING id
                    """, binds: binds("attempt \(job.attempts) of \(job.maxAttempts): \(lost)", claim.token)), logger: logger)
                    .decode(Int64.self).collect().count
            }
            logger.error("lost the claim on a job: its connection stopped answering; the job stopped", metadata: metadata.merging([
                "error": "\(lost)", "handed_back": "\(handedBack.map { $0 > 0 ? "yes" : "taken over by another worker" } ?? "no: database unavailable")",
            ]) { $1 })
        case is ClaimLost:
            logger.error("lost the claim on a job; another worker may run it", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        case _ where Task.isShuttingDownGracefully || Task.isCancelled:
            // Stopped, not failed: the next worker resumes from the checkpoint without counting this as an attempt.
            _ = try? await database.client.query("""
                UPDATE backfill_job SET state = 'queued', attempts = greatest(attempts - 1, 0)
                WHERE id = \(job.id) AND worker = \(claim.token) AND state = 'running'
                """, logger: logger)
            logger.notice("stopping: job left for the next worker to resume", metadata: metadata)
        default:
            let message = "\(error)"
            if job.attempts >= job.maxAttempts {
                await abandon(work, context)
                try? await finish(claim, state: .failed, result: nil, error: "attempt \(job.attempts) of \(job.maxAttempts): \(message)")
                logger.error("job failed for good", metadata: metadata.merging(["error": "\(message)"]) { $1 })
            } else {
                let delay = settings.retryDelay * (1 << min(job.attempts - 1, 10))
                let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
                _ = try? await database.client.query(PostgresQuery(unsafeSQL: """
                    UPDATE backfill_job SET state = 'queued', run_after = now() + interval '\(seconds) seconds', error = $1
                    WHERE id = \(job.id) AND worker = $2 AND state = 'running'
                    """, binds: binds("attempt \(job.attempts) of \(job.maxAttempts): \(message)", claim.token)), logger: logger)
                logger.warning("job step failed; retrying later", metadata: metadata.merging([
                    "error": "\(message)", "retry_in_seconds": "\(Int(seconds))",
                ]) { $1 })
            }
        }
    }

    static func work(for kind: JobKind) -> any BackfillJob {
        switch kind {
        case .rebuild: RebuildJob()
        case .refresh: RefreshJob()
        case .reconcile: ReconcileJob()
        case .purge: PurgeJob()
        }
    }

    private func abandon(_ work: any BackfillJob, _ context: JobContext) async {
        do {
            try await work.abandon(context)
        } catch {
            logger.error("could not undo a job's half-done work", metadata: ["job": "\(context.job.id)", "error": "\(error)"])
        }
    }

    private func finish(_ claim: JobClaim, state: JobState, result: String?, error: String?) async throws {
        try await database.client.query(PostgresQuery(unsafeSQL: """
            UPDATE backfill_job SET state = '\(state.rawValue)', result = $1, error = coalesce($2, CASE WHEN '\(state.rawValue)' = 'succeeded' THEN NULL ELSE error END),
                finished_at = now(), heartbeat_at = now()
            WHERE id = \(claim.job.id) AND worker = $3
            """, binds: binds(result, error, claim.token)), logger: logger)
    }

    /// Runs `body` while the claim's connection answers. When it stops answering (checked every
    /// `claimCheck`, each check bounded by `JobClaim.answerTimeout` and left behind when it
    /// hangs), `watch` is marked lost and the body throws `ClaimLost` at its next checkpoint.
    static func whileHeld<T: Sendable>(
        _ claim: JobClaim, watch: ClaimWatch, logger: Logger, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                let connection = claim.connection
                while true {
                    try await Task.sleep(for: claimCheck)
                    do {
                        try await withDeadline(JobClaim.answerTimeout) {
                            _ = try await connection.query("SELECT 1", logger: logger)
                        }
                    } catch {
                        if Task.isCancelled { throw CancellationError() }
                        watch.markLost()
                        logger.error("the connection holding a job's claim stopped answering; stopping the job at its next checkpoint", metadata: [
                            "job": "\(claim.job.id)", "error": "\(String(reflecting: error))",
                        ])
                        return nil
                    }
                }
            }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw CancellationError()
        }
    }
}

/// The job's attempts were used up before this claim.
struct AttemptsUsedUp: Error {}
