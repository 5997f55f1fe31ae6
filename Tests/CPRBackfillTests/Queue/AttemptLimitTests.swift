@testable import CPRBackfill
import CPRStore
import Foundation
import Testing

/// A job that kills its worker (OOM, SIGKILL) on every attempt is not claimed beyond
/// max_attempts: it fails with an error that says so, and the jobs behind it run.
@Suite struct AttemptLimitTests {
    @Test func aJobLeftRunningByADeadWorkerOnItsLastAttemptFailsAndTheNextJobRuns() async throws {
        let replica = try await Replica.make(persons: 20, seed: 133, changes: 0)
        defer { replica.remove() }
        let doomed = try await replica.enqueue(.reconcile, JobArguments.Reconcile(), maxAttempts: 3)
        let next = try await replica.enqueue(.reconcile, JobArguments.Reconcile())
        // As a worker killed during the third attempt leaves it: running, under a dead token.
        try await replica.execute("""
            UPDATE backfill_job SET state = 'running', attempts = 3, worker = 'gone:1:deadbeef',
                started_at = now(), heartbeat_at = now() WHERE id = \(doomed)
            """)
        try await replica.runWorker(WorkerSettings())
        let failed = try await replica.job(doomed)
        #expect(failed.state == .failed)
        #expect(failed.attempts == 3)
        #expect(failed.result == nil)
        #expect(failed.finishedAt != nil)
        let error = try #require(failed.error)
        #expect(error.contains("3 of 3 attempts") && error.contains("died"), "\(error)")
        let ran = try await replica.job(next)
        #expect(ran.state == .succeeded)
        #expect(ran.attempts == 1)
    }

    @Test func aQueuedJobWithItsAttemptsUsedUpIsNotClaimedToRun() async throws {
        let replica = try await Replica.make(persons: 20, seed: 134, changes: 0)
        defer { replica.remove() }
        let doomed = try await replica.enqueue(.reconcile, JobArguments.Reconcile(), maxAttempts: 2)
        let next = try await replica.enqueue(.reconcile, JobArguments.Reconcile())
        try await replica.execute("UPDATE backfill_job SET attempts = 2, error = 'attempt 2 of 2: boom' WHERE id = \(doomed)")
        try await replica.runWorker(WorkerSettings())
        let failed = try await replica.job(doomed)
        #expect(failed.state == .failed)
        #expect(failed.attempts == 2)
        #expect(failed.result == nil)
        #expect(failed.error?.contains("boom") == true, "\(failed.error ?? "")")
        #expect(try await replica.job(next).state == .succeeded)
    }
}
