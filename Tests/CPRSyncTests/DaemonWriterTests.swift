import CPRStore
import CPRTestSupport
import Foundation
import Glibc
import PostgresNIO
import Testing

/// The file in hand on SIGTERM and on a lost writer lock: real processes, a real PostgreSQL.
@Suite(.timeLimit(.minutes(6)))
struct DaemonWriterTests {
    /// SIGTERM mid-apply with a generous grace: the file in hand finishes (the poller, which
    /// stops at once, must not cut it short), then the daemon exits 0.
    @Test func sigtermMidApplyWithAGenerousGraceFinishesTheFile() async throws {
        let harness = try await SyncHarness(persons: 20000, changes: 1)
        defer { harness.remove() }
        let notify = try NotifyListener()
        defer { notify.close() }
        let inbox = "\(harness.folder)/inbox"
        let log = "\(harness.folder)/sync.log"
        let pid = try harness.startSync(
            ["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive", "stop_grace_seconds": "300"], notify: notify, log: log
        )
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        #expect(notify.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        try harness.place([harness.extract], in: inbox)
        #expect(notify.wait(timeout: 20) { $0.contains("applying") }.contains { $0.contains("applying") })
        // Let the poller's pause (up to a second) see the shutdown well before the file is done.
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 330) == 0)  // the whole grace, should the machine be that busy
        #expect(try await harness.applied() == [harness.name(harness.extract)])
        #expect(try await harness.digest() == harness.referenceDigest([harness.extract]))
        #expect(!FileManager.default.fileExists(atPath: "\(inbox)/\(harness.name(harness.extract))"))
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!written.contains("rolled back"))
        #expect(!written.contains("Fatal error"))
    }

    /// The lock's connection is terminated mid-apply and another session takes the lock: the
    /// daemon notices within seconds, rolls the file in hand back, reports standby and applies
    /// nothing while the other holds the lock; it takes the lock again when it is free.
    @Test func aLostWriterLockIsNoticedAndNothingIsAppliedWithoutIt() async throws {
        let harness = try await SyncHarness(persons: 20000, changes: 1)
        defer { harness.remove() }
        let notify = try NotifyListener()
        defer { notify.close() }
        let inbox = "\(harness.folder)/inbox"
        let log = "\(harness.folder)/sync.log"
        let pid = try harness.startSync(["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive"], notify: notify, log: log)
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        #expect(notify.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        let key = AdvisoryLock.writer.rawValue
        try await Database.run(harness.url, maximumConnections: 1, logger: SyncHarness.logger) { database in
            try await database.withDedicatedConnection { holder in
                let logger = SyncHarness.logger
                try harness.place([harness.extract], in: inbox)
                #expect(notify.wait(timeout: 20) { $0.contains("applying") }.contains { $0.contains("applying") })
                let pids = try await holder.query("""
                    SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND classid::bigint = \(key >> 32) AND objid::bigint = \(key & 0xffff_ffff) AND objsubid = 1
                    """, logger: logger).decode(Int32.self).collect()
                #expect(pids.count == 1)
                let terminated = Date()
                _ = try await holder.query("SELECT pg_terminate_backend(\(pids[0]))", logger: logger)
                // Another holder takes the lock the moment PostgreSQL releases it.
                var held = false
                for _ in 0..<100 where !held {
                    held = try await holder.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                        .decode(Bool.self).collect().first ?? false
                    if !held { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(held)
                let lost = notify.wait(timeout: 10) { $0.contains("writer lock lost") || $0.contains("standby") }
                #expect(lost.contains { $0.contains("writer lock lost") || $0.contains("standby") }, "\(lost)")
                #expect(Date().timeIntervalSince(terminated) < 8)
                // Nothing is applied while the other session holds the lock: the file in hand
                // rolled back, and it is not tried again.
                try await Task.sleep(for: .seconds(4))
                #expect(try await harness.applied().isEmpty)
                #expect(FileManager.default.fileExists(atPath: "\(inbox)/\(harness.name(harness.extract))"))
                #expect(!notify.drain(for: 0.2).contains { $0.contains("READY=1") })
                _ = try await holder.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
            }
        }
        // The lock is free again: the daemon takes it and applies the file.
        #expect(notify.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        // Generous: under the full suite, applying these 20 000 persons again took 72 s once.
        #expect(try await harness.waitForApplied(timeout: 240) { !$0.isEmpty } == [harness.name(harness.extract)])
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("writer lock lost"))
        // The file in hand was rolled back, not merely still loading while the lock was away.
        #expect(written.contains("writer lock lost before the file was applied: rolled back"))
        #expect(!written.contains("Fatal error"))
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 20) == 0)
    }
}
