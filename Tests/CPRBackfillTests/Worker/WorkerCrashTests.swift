@testable import CPRBackfill
import CPRStore
import Foundation
import Glibc
import Testing

/// A `cprd backfill worker` killed with SIGKILL mid-job: the next worker resumes the job from
/// its checkpoint and ends where an uninterrupted run ends.
@Suite struct WorkerCrashTests {
    @Test func killNineMidRebuildThenRestartFinishesLikeAnUninterruptedRun() async throws {
        let replica = try await Replica.make(persons: 4_000, seed: 81, changes: 14)
        let clean = try await replica.digest()
        try await replica.execute("UPDATE person SET last_name = 'Damaged' WHERE pnr IN (SELECT pnr FROM person ORDER BY pnr LIMIT 10)")
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())
        let folder = try Shell.temporaryFolder("cprd-worker-kill")
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        environment["CPRD_DATABASE_URL"] = replica.url.text
        environment["CPRD_ARCHIVE_DIR"] = replica.archive
        environment["CPRD_LOG_LEVEL"] = "info"
        environment["CPRD_BACKFILL_POLL_SECONDS"] = "1"

        let first = try Shell.spawn(Shell.cprd, ["backfill", "worker"], environment: environment, log: folder + "/first.log")
        let running = try await replica.waitUntil({ $0.done >= 3 || $0.state.isFinished }, job: id)
        kill(-first, SIGKILL)
        #expect(await Shell.waitExit(first, timeout: 10) == 128 + SIGKILL)
        #expect(!running.state.isFinished, "the job ended before the kill; the test proves nothing")
        let killed = try await replica.job(id)
        #expect(killed.state == .running)

        let second = try Shell.spawn(Shell.cprd, ["backfill", "worker", "--once"], environment: environment, log: folder + "/second.log")
        let status = await Shell.waitExit(second, timeout: 120)
        let log = (try? String(contentsOfFile: folder + "/second.log", encoding: .utf8)) ?? ""
        #expect(status == 0, "\(log)")
        let job = try await replica.job(id)
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        #expect(job.attempts == 2)
        #expect(try await replica.digest() == clean)
        #expect(try await replica.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cprd_rebuild_%'") == 0)
        // It resumed: files the killed worker had replayed were not replayed again.
        #expect(log.contains("resuming job from its checkpoint"))
        #expect(log.contains("already-applied"))
    }
}
