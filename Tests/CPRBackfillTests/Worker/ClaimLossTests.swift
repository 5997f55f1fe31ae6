@testable import CPRBackfill
import CPRStore
import CPRTestSupport
import Foundation
import Glibc
import PostgresNIO
import Testing

/// The claim's connection dies under a running job (a restarted PostgreSQL backend, a network
/// cut, `pg_terminate_backend`): the worker notices, stops the job at its next checkpoint,
/// hands it back, and — alone on the queue — picks it up again itself and finishes it.
@Suite struct ClaimLossTests {
    @Test func aLoneWorkerWhoseClaimConnectionIsTerminatedFinishesTheJobAndStillStopsOnSIGTERM() async throws {
        let replica = try await Replica.make(persons: 3_000, seed: 84, changes: 40)
        defer { replica.remove() }
        let clean = try await replica.digest()
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())
        let later = try await replica.enqueue(.reconcile, JobArguments.Reconcile())
        let folder = try Shell.temporaryFolder("cprd-worker-claim-loss")
        defer { Shell.removeTemporary(folder) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        environment["CPRD_DATABASE_URL"] = replica.url.text
        environment["CPRD_ARCHIVE_DIR"] = replica.archive
        environment["CPRD_LOG_LEVEL"] = "info"
        environment["CPRD_BACKFILL_POLL_SECONDS"] = "1"
        environment["CPRD_BACKFILL_RETRY_SECONDS"] = "0"
        let log = folder + "/worker.log"
        let worker = try Shell.spawn(Shell.cprd, ["backfill", "worker"], environment: environment, log: log)
        var stopped = false
        defer { if !stopped { kill(-worker, SIGKILL) } }
        let running = try await replica.waitUntil({ $0.done >= 2 || $0.state.isFinished }, job: id)
        try #require(!running.state.isFinished, "the job ended before the claim was lost; the test proves nothing")

        let text = { @Sendable in (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        // Hold the job at its next file (a lock on the copy's ledger), end the session that holds
        // the job's claim, and let the job go on once the worker has noticed.
        let noticed = try await replica.withDatabase { database in
            try await database.withDedicatedConnection { connection in
                try await connection.query("BEGIN", logger: Replica.logger)
                try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE cprd_rebuild_\(id).ingest_file IN ACCESS EXCLUSIVE MODE"), logger: Replica.logger)
                let state = try await connection.query(PostgresQuery(unsafeSQL: "SELECT state FROM backfill_job WHERE id = \(id)"), logger: Replica.logger)
                    .decode(String.self).collect().first
                try #require(state == "running", "the job ended before its claim was lost; the test proves nothing")
                let terminated = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT count(pg_terminate_backend(pid))::int FROM pg_locks
                    WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::bigint = \(JobClaim.lockClass) AND objid::bigint = \(id)
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """), logger: Replica.logger).decode(Int.self).collect().first
                // Only this database: parallel tests hold claims on jobs with the same ids in theirs.
                try #require(terminated == 1)
                let deadline = Date().addingTimeInterval(40)
                var noticed = false
                while Date() < deadline && !noticed {
                    try await Task.sleep(for: .milliseconds(100))
                    noticed = text().contains("stopped answering")
                }
                try await connection.query("COMMIT", logger: Replica.logger)
                return noticed
            }
        }
        #expect(noticed, "the worker never noticed that its claim was lost")

        let finished = try await replica.waitUntil(timeout: 90, { $0.state.isFinished }, job: id)
        #expect(finished.state == .succeeded, "\(finished.error ?? "") \(text())")
        // The lost attempt counts; the same worker took the job back.
        #expect(finished.attempts == 2)
        #expect(finished.worker == running.worker)
        #expect(try await replica.digest() == clean)
        #expect(try await replica.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cprd_rebuild_%'", as: Int.self) == 0)
        // Jobs behind it still run.
        #expect(try await replica.waitUntil(timeout: 30, { $0.state.isFinished }, job: later).state == .succeeded)

        kill(worker, SIGTERM)
        let status = await Shell.waitExit(worker, timeout: 15)
        stopped = status != nil
        #expect(status == 0, "\(text())")
    }
}
