@testable import CPRBackfill
import CPRStore
import Foundation
import Testing

/// Several workers on one queue: every job runs once, on one of them.
@Suite struct TwoWorkersTests {
    @Test func twoWorkersNeverRunAJobTwice() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 200, seed: 101, changes: 0)
        defer { replica.remove() }
        let pnrs = try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person ORDER BY pnr LIMIT 16", logger: Replica.logger).decode(String.self).collect()
        }
        var ids: [Int64] = []
        for pnr in pnrs {
            server.setPerson(pnr, .records(latin1(try Replica.records(of: pnr, in: replica.files[0]).joined(separator: "\n"))))
            ids.append(try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: [pnr])))
        }
        let settings = server.workerSettings(certificates)
        async let first: Void = replica.runWorker(settings)
        async let second: Void = replica.runWorker(settings)
        _ = try await (first, second)
        for id in ids {
            let job = try await replica.job(id)
            #expect(job.state == .succeeded && job.attempts == 1, "job \(id): \(job.state) after \(job.attempts)")
        }
        for pnr in pnrs {
            #expect(server.requests(for: pnr) == 1)
        }
        #expect(try await replica.scalar("SELECT count(*) FROM person_change WHERE file_id IS NULL") == pnrs.count)
    }

    @Test func concurrentClaimsNeverShareAJob() async throws {
        let replica = try await Replica.make(persons: 20, seed: 102, changes: 0)
        defer { replica.remove() }
        for _ in 0..<12 { _ = try await replica.enqueue(.reconcile, JobArguments.Reconcile()) }
        // Four sessions claim at once and keep what they get: each stays open (its locks held)
        // until all are done, since a session that ends leaves its jobs to be resumed.
        let done = Counter()
        let claimed = try await replica.withDatabase { database in
            try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        try await database.withDedicatedConnection { connection in
                            var mine: [Int64] = []
                            while let claim = try await JobClaim.next(on: connection, token: "w\(worker)", logger: Replica.logger) {
                                mine.append(claim.job.id)
                            }
                            done.increment()
                            while done.value < 4 { try await Task.sleep(for: .milliseconds(10)) }
                            return mine
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
        }
        #expect(claimed.count == 12)
        #expect(Set(claimed).count == 12)
    }

    @Test func aClaimAbandonedByADeadSessionIsResumedFromItsCheckpoint() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 60, seed: 103, changes: 0)
        defer { replica.remove() }
        let pnrs = try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person ORDER BY pnr LIMIT 4", logger: Replica.logger).decode(String.self).collect()
        }
        for pnr in pnrs {
            server.setPerson(pnr, .records(latin1(try Replica.records(of: pnr, in: replica.files[0]).joined(separator: "\n"))))
        }
        let id = try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: pnrs))
        // A worker claims the job, gets two persons done, and its session dies.
        try await replica.withDatabase { database in
            try await database.withDedicatedConnection { connection in
                let claim = try #require(try await JobClaim.next(on: connection, token: "doomed", logger: Replica.logger))
                let context = JobContext(job: claim.job, token: "doomed", database: database, settings: server.workerSettings(certificates), logger: Replica.logger)
                try await context.record(checkpoint: RefreshJob.Checkpoint(next: 2, refreshed: 2), done: 2, total: 4)
            }
        }
        #expect(try await replica.job(id).state == .running)
        // The session is gone once PostgreSQL has ended its backend and released its job lock;
        // a closed client socket alone does not mean that yet.
        var held = -1
        for _ in 0..<100 {
            held = try await replica.withDatabase { database in
                try await database.client.query("""
                    SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """, logger: Replica.logger).decode(Int.self).collect().first ?? -1
            }
            if held == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(held == 0)
        try await replica.runWorker(server.workerSettings(certificates))
        let job = try await replica.job(id)
        #expect(job.state == .succeeded)
        #expect(job.attempts == 2)
        #expect(job.result == "refreshed 4 of 4 persons; 0 unknown upstream, 0 refused")
        #expect(pnrs.map { server.requests(for: $0) } == [0, 0, 1, 1])
    }
}
