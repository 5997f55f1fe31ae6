import CPRStore
import Foundation
import Glibc
import Testing

/// A gap stops the daemon's queue; the operator accepts it with `cprd ingest --force` while
/// the daemon keeps running (and holding the writer lock).
@Suite(.timeLimit(.minutes(4)))
struct ForcedIngestTests {
    @Test func ingestForceHandsTheFileToTheRunningDaemon() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let inbox = "\(harness.folder)/inbox"
        let changes = harness.changes
        try harness.place([harness.extract, changes[0], changes[2]], in: inbox)
        let pid = try harness.startSync(["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive"], log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        var ledger: [(name: String, outcome: String)] = []
        for _ in 0..<300 where !ledger.contains(where: { $0.outcome == "rejected" }) {
            ledger = (try? await harness.ledger()) ?? []
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(ledger.map(\.outcome) == ["applied", "applied", "rejected"])

        // Without --force the busy writer is refused; with it, the file goes to the daemon.
        let gapFile = "\(harness.folder)/generated/\(harness.name(changes[2]))"
        let refused = try Self.ingest(harness, ["ingest", gapFile], inbox: inbox)
        #expect(refused.status == 1)
        #expect(refused.error.contains("writer lock"))
        let forced = try Self.ingest(harness, ["ingest", "--force", "--wait-seconds", "60", gapFile], inbox: inbox)
        #expect(forced.status == 0, "\(forced.output) \(forced.error)")
        #expect(forced.output.contains("applied by cprd sync (forced)"))

        let rows = try await Database.run(harness.url, maximumConnections: 1, logger: SyncHarness.logger) { database in
            try await database.client.query(
                "SELECT file_name, outcome, forced FROM ingest_file ORDER BY id", logger: database.logger
            ).decode((String, String, Bool).self).collect()
        }
        #expect(rows.last?.0 == harness.name(changes[2]) && rows.last?.1 == "applied" && rows.last?.2 == true)
        let pending = try await Database.run(harness.url, maximumConnections: 1, logger: SyncHarness.logger) { database in
            try await database.client.query("SELECT count(*) FROM forced_file", logger: database.logger).decode(Int.self).collect().first
        }
        #expect(pending == 0)
        // The chain goes on from the forced file as usual.
        try harness.place([changes[3]], in: inbox)
        let applied = try await harness.waitForApplied(timeout: 30) { $0.last == harness.name(changes[3]) }
        #expect(applied == [harness.extract, changes[0], changes[2], changes[3]].map(harness.name))
        #expect(try harness.status() == 0)
    }

    static func ingest(_ harness: SyncHarness, _ arguments: [String], inbox: String) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SyncHarness.executable)
        process.arguments = arguments + ["--database-url", harness.url.text]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        environment["CPRD_INBOX_DIR"] = inbox
        process.environment = environment
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
