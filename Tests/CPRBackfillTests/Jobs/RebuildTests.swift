@testable import CPRBackfill
import CPRStore
import Foundation
import PostgresNIO
import Synchronization
import Testing
import CPRTestSupport

/// `rebuild` replays the archive into a copy and switches in one transaction.
@Suite struct RebuildTests {
    static func settings(_ replica: Replica) -> WorkerSettings {
        WorkerSettings(archiveDirectory: replica.archive, pollInterval: .milliseconds(100), retryDelay: .zero)
    }

    @Test func rebuildGivesTheLiveDigestWhileLookupsKeepAnswering() async throws {
        let replica = try await Replica.make(persons: 2_000, seed: 71, changes: 6)
        defer { replica.remove() }
        let clean = try await replica.digest()
        let indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('person', 'person_raw', 'pnr_alias')"
        let indexNames: String? = try await replica.scalar(indexes)
        // Damage the live replica: only a real rebuild brings it back.
        try await replica.execute("UPDATE person SET first_name = 'Damaged' WHERE pnr = (SELECT min(pnr) FROM person)")
        try await replica.execute("DELETE FROM person_raw WHERE pnr = (SELECT max(pnr) FROM person_raw)")
        #expect(try await replica.digest() != clean)
        let sample = try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person ORDER BY pnr LIMIT 25", logger: Replica.logger).decode(String.self).collect()
        }
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())

        let lookups = Lookups()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await replica.withDatabase { database in
                    while !lookups.state.withLock({ $0.stop }) {
                        for pnr in sample {
                            do {
                                let rows = try await database.client.query("SELECT document FROM person WHERE pnr = \(pnr)", logger: Replica.logger)
                                    .decode(String.self).collect()
                                lookups.state.withLock { if rows.count == 1 { $0.answered += 1 } else { $0.missed += 1 } }
                            } catch {
                                lookups.state.withLock { $0.failed += 1 }
                            }
                        }
                    }
                }
            }
            try await replica.runWorker(Self.settings(replica))
            lookups.state.withLock { $0.stop = true }
            try await group.waitForAll()
        }
        let job = try await replica.job(id)
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        let persons: Int = try #require(try await replica.scalar("SELECT count(*) FROM person"))
        #expect(job.result?.hasPrefix("rebuilt \(persons) persons from 7 archived files up to production") == true, "\(job.result ?? "")")
        #expect(try await replica.digest() == clean)
        let counts = lookups.state.withLock { $0 }
        #expect(counts.answered > 0)
        #expect(counts.missed == 0 && counts.failed == 0, "\(counts)")
        #expect(try await replica.scalar(indexes) == indexNames)
        #expect(try await replica.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cprd_rebuild_%'") == 0)
        // Feed readers are told to re-read everything.
        #expect(try await replica.scalar("SELECT count(*) FROM person_change WHERE pnr IS NULL") == 2)
    }

    @Test func rebuildUpToADateEndsTheReplicaThereAndLetsLaterFilesApplyAgain() async throws {
        let replica = try await Replica.make(persons: 600, seed: 72, changes: 4)
        defer { replica.remove() }
        let whole = try await replica.digest()
        let reference = try await Replica.make(persons: 600, seed: 72, changes: 4, apply: 3)
        defer { reference.remove() }
        let atDate = try await reference.digest()
        let date = replica.files[2].productionDate
        let iso = "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2))"

        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild(upTo: iso))
        try await replica.runWorker(Self.settings(replica))
        #expect(try await replica.job(id).state == .succeeded)
        #expect(try await replica.digest() == atDate)
        #expect(try await replica.scalar("SELECT last_production_date::text FROM replication_state") == iso)
        #expect(try await replica.scalar("SELECT count(*) FROM ingest_file WHERE outcome = 'rolled-back'") == 2)
        // The sync daemon's path applies the later files again, and the replica is whole.
        try await replica.ingest(replica.files.suffix(2))
        #expect(try await replica.digest() == whole)
    }

    @Test func cancelStopsARebuildAndLeavesTheReplicaAsItWas() async throws {
        let replica = try await Replica.make(persons: 3_000, seed: 73, changes: 10)
        defer { replica.remove() }
        let before = try await replica.digest()
        let id = try await replica.enqueue(.rebuild, JobArguments.Rebuild())
        async let worker: Void = replica.runWorker(Self.settings(replica))
        _ = try await replica.waitUntil({ $0.done >= 1 || $0.state.isFinished }, job: id)
        let outcome = try await replica.withDatabase { try await JobQueue(database: $0).cancel(id) }
        #expect(outcome == .requested)
        try await worker
        let job = try await replica.job(id)
        #expect(job.state == .cancelled)
        #expect(job.done < 11)
        #expect(try await replica.digest() == before)
        #expect(try await replica.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cprd_rebuild_%'") == 0)
        #expect(try await replica.withDatabase { try await JobQueue(database: $0).cancel(id) } == .alreadyFinished(.cancelled))
    }

    @Test func anArchiveWithoutAStatusExtractFailsClearly() throws {
        let folder = try Shell.temporaryFolder("cprd-empty-archive")
        defer { Shell.removeTemporary(folder) }
        #expect(throws: BackfillError.self) { try RebuildPlan(archive: folder, upTo: nil) }
        do {
            _ = try RebuildPlan(archive: folder, upTo: nil)
        } catch {
            #expect("\(error)".contains("holds no status extract"))
        }
    }
}

/// What concurrent lookups saw during a rebuild.
final class Lookups: Sendable {
    struct Counts: Sendable { var answered = 0, missed = 0, failed = 0, stop = false }
    let state = Mutex(Counts())
}
