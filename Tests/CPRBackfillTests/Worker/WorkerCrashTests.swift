@testable import CPRBackfill
import CPRStore
import Foundation
import Glibc
import Testing
import CPRTestSupport

/// A `cprd backfill worker` killed with SIGKILL mid-job: the next worker resumes the job from
/// its checkpoint and ends where an uninterrupted run ends.
@Suite struct WorkerCrashTests {
    @Test func killNineMidRebuildThenRestartFinishesLikeAnUninterruptedRun() async throws {
        let replica = try await Replica.make(persons: 4_000, seed: 81, changes: 40)
        defer { replica.remove() }
        let clean = try await replica.digest()
        try await replica.execute("UPDATE person SET last_name = 'Damaged' WHERE pnr IN (SELECT pnr FROM person ORDER BY pnr LIMIT 10)")
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())
        let folder = try Shell.temporaryFolder("cprd-worker-kill")
        defer { Shell.removeTemporary(folder) }
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

/// SIGTERM stops the worker cleanly; the job in hand waits for the next worker, uncounted.
@Suite struct WorkerStopTests {
    @Test func sigtermLeavesTheJobQueuedForTheNextWorkerToResume() async throws {
        let replica = try await Replica.make(persons: 3_000, seed: 82, changes: 40)
        defer { replica.remove() }
        let clean = try await replica.digest()
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())
        let folder = try Shell.temporaryFolder("cprd-worker-stop")
        defer { Shell.removeTemporary(folder) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        environment["CPRD_DATABASE_URL"] = replica.url.text
        environment["CPRD_ARCHIVE_DIR"] = replica.archive
        let worker = try Shell.spawn(Shell.cprd, ["backfill", "worker"], environment: environment, log: folder + "/worker.log")
        let running = try await replica.waitUntil({ $0.done >= 2 || $0.state.isFinished }, job: id)
        kill(worker, SIGTERM)
        let status = await Shell.waitExit(worker, timeout: 30)
        #expect(status == 0, "\((try? String(contentsOfFile: folder + "/worker.log", encoding: .utf8)) ?? "")")
        try #require(!running.state.isFinished, "the job ended before the stop; the test proves nothing")
        let stopped = try await replica.job(id)
        #expect(stopped.state == .queued)
        #expect(stopped.attempts == 0)
        try await replica.runWorker(RebuildTests.settings(replica))
        #expect(try await replica.job(id).state == .succeeded)
        #expect(try await replica.digest() == clean)
    }
}

/// Technical logs name persons by keyed tags, never by PNR.
@Suite struct WorkerLogTests {
    @Test func aRefreshRunByTheWorkerLogsNoPNR() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 60, seed: 83, changes: 0)
        defer { replica.remove() }
        let pnrs = try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person ORDER BY pnr LIMIT 3", logger: Replica.logger).decode(String.self).collect()
        }
        server.setPerson(pnrs[0], .records(latin1(try Replica.records(of: pnrs[0], in: replica.files[0]).joined(separator: "\n"))))
        server.setPerson(pnrs[1], .records(latin1(RefreshTests.errorRecord(pnrs[1]))))
        let folder = try Shell.temporaryFolder("cprd-worker-log")
        defer { Shell.removeTemporary(folder) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        environment["CPRD_DATABASE_URL"] = replica.url.text
        environment["CPRD_LOG_LEVEL"] = "trace"
        environment["CPRD_PERSON_SOURCE_URL"] = server.personURL
        environment["CPRD_SERVICE_TLS_CERTIFICATE"] = certificates.clientCertificate
        environment["CPRD_SERVICE_TLS_KEY"] = certificates.clientKey
        environment["CPRD_SERVICE_TLS_CA"] = certificates.ca
        var logged = ""
        for arguments in [["backfill", "enqueue", "refresh"] + pnrs, ["backfill", "worker", "--once"], ["backfill", "show", "1"]] {
            let pid = try Shell.spawn(Shell.cprd, arguments, environment: environment, log: folder + "/log")
            #expect(await Shell.waitExit(pid, timeout: 60) == 0, "\(arguments)")
        }
        logged = (try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? ""
        #expect(logged.contains("refreshed a person") && logged.contains("refused a person") && logged.contains("does not know a person"), "\(logged)")
        #expect(logged.contains("refreshed 1 of 3 persons; 1 unknown upstream, 1 refused"))
        for pnr in pnrs { #expect(!logged.contains(pnr), "a PNR in the technical log") }
    }
}
