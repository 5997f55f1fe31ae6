import Foundation
import Glibc
import Testing

/// `cprd status` on a host that runs the daemon: the writer lock and the inbox count too.
@Suite(.timeLimit(.minutes(4)))
struct StatusTests {
    struct Answer: Decodable {
        var health: String
        var reason: String
        var writerLockHeld: Bool
        var pendingFiles: Int?
    }

    /// Runs `cprd status --json` with `environment` added; returns its exit code and answer.
    static func status(_ harness: SyncHarness, _ environment: [String: String]) throws -> (Int32, Answer) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SyncHarness.executable)
        process.arguments = ["status", "--json", "--database-url", harness.url.text]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }.merging(environment) { $1 }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, try JSONDecoder().decode(Answer.self, from: data))
    }

    @Test func aDaemonThatDiesLeavesTheStatusFailing() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let inbox = "\(harness.folder)/inbox"
        try harness.place([harness.extract, harness.changes[0]], in: inbox)
        let pid = try harness.startSync(["inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive"], log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        let applied = try await harness.waitForApplied(timeout: 30) { $0.count >= 2 }
        #expect(applied.count == 2)

        let (healthy, running) = try Self.status(harness, ["CPRD_INBOX_DIR": inbox])
        #expect(healthy == 0, "\(running.reason)")
        #expect(running.writerLockHeld)
        #expect(running.pendingFiles == 0)

        kill(pid, SIGKILL)
        _ = waitpid(pid, nil, 0)
        try harness.place([harness.changes[1]], in: inbox)
        // PostgreSQL releases the lock once it sees the connection gone: poll briefly.
        var code: Int32 = 0
        var stopped = running
        for _ in 0..<50 {
            (code, stopped) = try Self.status(harness, ["CPRD_INBOX_DIR": inbox])
            if code != 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(code == 2)
        #expect(!stopped.writerLockHeld)
        #expect(stopped.reason.contains("writer lock"))
        #expect(stopped.pendingFiles == 1)

        // A host that only ingests by hand expects no daemon.
        let (manual, plain) = try Self.status(harness, [:])
        #expect(manual == 0, "\(plain.reason)")
        #expect(plain.pendingFiles == nil)
    }
}
