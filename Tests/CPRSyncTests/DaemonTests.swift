import CPRStore
import CPRTestSupport
import Foundation
import Glibc
import Testing

/// `cprd sync` as systemd runs it: real processes, a real PostgreSQL, real SFTP.
@Suite(.timeLimit(.minutes(6)))
struct DaemonTests {
    @Test func fetchesOverSFTPAndAppliesInOrderSkippingMetadata() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let server = try SSHServer()
        defer { server.shutDown() }
        // Newest first on the server, each with a .metadata companion.
        try harness.place([harness.extract] + harness.changes.reversed(), in: server.outbox, metadata: true)
        let notify = try NotifyListener()
        defer { notify.close() }
        let pid = try harness.startSync([
            "inbox_dir": "\(harness.folder)/inbox", "archive_dir": "\(harness.folder)/archive",
            "upstream_url": server.url, "upstream_ssh_private_key": server.clientKey,
            "upstream_ssh_known_hosts": server.knownHosts, "upstream_delete_after_apply": "true",
        ], notify: notify, log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        let expected = ([harness.extract] + harness.changes).map(harness.name)
        let applied = try await harness.waitForApplied(timeout: 30) { $0.count >= expected.count }
        #expect(applied == expected)
        #expect(try await harness.ledger().allSatisfy { $0.outcome == "applied" && !$0.name.hasSuffix(".metadata") })
        #expect(try harness.status() == 0)
        // Applied files leave the inbox and, with their companions, the server.
        var left: [String] = []
        for _ in 0..<50 {
            left = try FileManager.default.contentsOfDirectory(atPath: server.outbox)
            if left.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(left.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(harness.folder)/inbox").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(harness.folder)/archive").count == expected.count)
        #expect(try await harness.digest() == harness.referenceDigest([harness.extract] + harness.changes))
        // Each file crossed the network once: none was fetched again after it was applied.
        let log = try String(contentsOfFile: "\(harness.folder)/sync.log", encoding: .utf8)
        #expect(log.components(separatedBy: "msg=\"fetched a file\"").count - 1 == expected.count)
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
    }

    @Test func aGapStopsTheQueueUntilTheMissingFileArrives() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let inbox = "\(harness.folder)/inbox"
        let changes = harness.changes
        try harness.place([harness.extract, changes[0], changes[2], changes[3]], in: inbox)
        let pid = try harness.startSync(["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive"], log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        var ledger: [(name: String, outcome: String)] = []
        for _ in 0..<200 {
            ledger = (try? await harness.ledger()) ?? []
            if ledger.contains(where: { $0.outcome == "rejected" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(1))
        ledger = try await harness.ledger()
        #expect(ledger.filter { $0.outcome == "applied" }.map(\.name) == [harness.extract, changes[0]].map(harness.name))
        // One rejection, not one per round: the stopped queue waits for a change.
        #expect(ledger.filter { $0.outcome == "rejected" }.map(\.name) == [harness.name(changes[2])])
        #expect(try harness.status() == 2)
        // The operator supplies the missing file: everything after it follows, in order.
        try harness.place([changes[1]], in: inbox)
        let applied = try await harness.waitForApplied(timeout: 20) { $0.count >= 5 }
        #expect(applied == ([harness.extract] + changes).map(harness.name))
        #expect(try harness.status() == 0)
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
    }

    @Test func aStandbyTakesOverWhenTheWriterIsKilled() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let first = try NotifyListener(), second = try NotifyListener()
        defer { first.close(); second.close() }
        let inboxA = "\(harness.folder)/inbox-a", inboxB = "\(harness.folder)/inbox-b"
        let archive = "\(harness.folder)/archive"
        let a = try harness.startSync(["inbox_dir": inboxA, "archive_dir": archive], notify: first, log: "\(harness.folder)/a.log")
        defer { kill(a, SIGKILL); _ = waitpid(a, nil, 0) }
        #expect(first.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        let b = try harness.startSync(["inbox_dir": inboxB, "archive_dir": archive], notify: second, log: "\(harness.folder)/b.log")
        defer { kill(b, SIGKILL); _ = waitpid(b, nil, 0) }
        #expect(second.wait(timeout: 20) { $0.contains("standby") }.contains { $0.contains("standby") })
        // The same files in both inboxes: only the writer applies them.
        try harness.place([harness.extract, harness.changes[0]], in: inboxA)
        try harness.place([harness.extract, harness.changes[0]], in: inboxB)
        _ = try await harness.waitForApplied(timeout: 20) { $0.count >= 2 }
        try await Task.sleep(for: .seconds(1))
        #expect(try FileManager.default.contentsOfDirectory(atPath: inboxB).count == 2)
        #expect(!second.drain(for: 0.2).contains { $0.contains("READY=1") })
        // The writer dies without a word; PostgreSQL drops its lock, the standby takes over.
        kill(a, SIGKILL)
        _ = waitpid(a, nil, 0)
        let started = Date()
        #expect(second.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        #expect(Date().timeIntervalSince(started) < 10)
        try harness.place(Array(harness.changes[1...]), in: inboxB)
        let applied = try await harness.waitForApplied(timeout: 20) { $0.count >= 5 }
        #expect(applied == ([harness.extract] + harness.changes).map(harness.name))
        #expect(try await harness.digest() == harness.referenceDigest([harness.extract] + harness.changes))
        kill(b, SIGTERM)
        #expect(await Shell.waitExit(b, timeout: 15) == 0)
    }

    @Test func notifiesReadyWatchdogAndStoppingAndPingsStopWithTheDatabase() async throws {
        // A server of its own: this test stops it.
        let data = try Shell.temporaryFolder("cprd-wd-pg")
        defer { Shell.removeTemporary(data) }  // after the server's stop below
        let postgres = try PrivatePostgres.start(dataDirectory: data + "/pg", settings: ["fsync": "off"])
        defer { postgres.stop(mode: "immediate") }
        let harness = try await SyncHarness(url: postgres.url)
        defer { harness.remove() }
        let notify = try NotifyListener()
        defer { notify.close() }
        let pid = try harness.startSync(
            ["inbox_dir": "\(harness.folder)/inbox", "archive_dir": "\(harness.folder)/archive", "stop_grace_seconds": "5"],
            notify: notify, log: "\(harness.folder)/sync.log", extra: ["WATCHDOG_USEC": "400000"]
        )
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        let startup = notify.wait(timeout: 20) { $0.contains("READY=1") }
        #expect(startup.contains { $0.contains("READY=1") })
        #expect(startup.contains { $0.hasPrefix("STATUS=migrating") })
        let healthy = notify.drain(for: 1.5)
        #expect(healthy.filter { $0 == "WATCHDOG=1" }.count >= 3)
        postgres.stop(mode: "immediate")
        _ = notify.drain(for: 1.0)  // a ping already on its way
        let down = notify.drain(for: 2.0)
        #expect(!down.contains("WATCHDOG=1"), "\(down)")
        kill(pid, SIGTERM)
        let stopping = notify.wait(timeout: 5) { $0.contains("STOPPING=1") }
        #expect(stopping.contains { $0.contains("STOPPING=1") })
        // systemd is asked for the grace and the rollback allowance beyond TimeoutStopSec.
        let extend = stopping.flatMap { $0.split(separator: "\n") }.first { $0.hasPrefix("EXTEND_TIMEOUT_USEC=") }
        #expect(extend.flatMap { Int($0.dropFirst("EXTEND_TIMEOUT_USEC=".count)) } == 15_000_000, "\(stopping)")
        #expect(await Shell.waitExit(pid, timeout: 20) == 0)
    }

    @Test func sigtermDuringAnApplyExitsZeroWithTheFileWholeOrAbsent() async throws {
        let harness = try await SyncHarness(persons: 4000, changes: 1)
        defer { harness.remove() }
        let notify = try NotifyListener()
        defer { notify.close() }
        let inbox = "\(harness.folder)/inbox"
        let pid = try harness.startSync(["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive"], notify: notify, log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        #expect(notify.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        let before = try await harness.digest()
        try harness.place([harness.extract], in: inbox)
        let applying = notify.wait(timeout: 20) { $0.contains("applying") }
        #expect(applying.contains { $0.contains("applying") })
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 40) == 0)
        let after = try await harness.digest()
        let whole = try await harness.referenceDigest([harness.extract])
        #expect(after == before || after == whole)
        #expect(before != whole)
    }

    /// Past stop_grace_seconds the file in hand is rolled back through PostgreSQL (its
    /// statements cancelled), not by cancelling the task mid-COPY, which made postgres-nio
    /// trap: the daemon exits 0 with the replica as it was and the file still waiting.
    @Test func sigtermPastTheGraceRollsTheFileBackAndExitsZero() async throws {
        let harness = try await SyncHarness(persons: 20000, changes: 1)
        defer { harness.remove() }
        let notify = try NotifyListener()
        defer { notify.close() }
        let inbox = "\(harness.folder)/inbox"
        let log = "\(harness.folder)/sync.log"
        let pid = try harness.startSync(
            // At debug the log names the ingest's steps: printed below should the rollback fail.
            ["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive", "stop_grace_seconds": "0", "log_level": "debug"],
            notify: notify, log: log
        )
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        #expect(notify.wait(timeout: 20) { $0.contains("READY=1") }.contains { $0.contains("READY=1") })
        let before = try await harness.digest()
        try harness.place([harness.extract], in: inbox)
        #expect(notify.wait(timeout: 20) { $0.contains("applying") }.contains { $0.contains("applying") })
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 40) == 0)
        #expect(try await harness.digest() == before)
        #expect(try await harness.applied().isEmpty)
        #expect(try await harness.ledger().allSatisfy { $0.outcome != "rejected" })
        #expect(FileManager.default.fileExists(atPath: "\(inbox)/\(harness.name(harness.extract))"))
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("rolling back the file in hand"), "\(written)")
        #expect(written.contains("rolled back, it stays in the inbox"), "\(written)")
        #expect(!written.contains("Fatal error"), "\(written)")
    }
}
