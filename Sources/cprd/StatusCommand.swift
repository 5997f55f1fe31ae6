import ArgumentParser
import CPRRuntime
import CPRStore
import CPRSync
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the replication state; the exit code says healthy (0), stale (1), failing (2) or database unreachable (3).",
        discussion: """
            Stale: no file applied for more than stale_after_days (default 3, weekends counted). \
            Failing: the newest file was rejected (a gap, a bad file), nothing was ever applied, or — \
            on a host that runs cprd sync (inbox_dir or upstream_url configured, or expect_writer=true) — \
            no process holds the writer lock (the daemon stopped or lost its lock).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "Days without a new file before the replica counts as stale (CPRD_STALE_AFTER_DAYS, default 3).")
    var staleAfterDays: Int?

    func run() async throws {
        let (configuration, logger) = try global.start("cprd.status", extra: ["stale_after_days": staleAfterDays.map(String.init)])
        let url = try global.databaseURL(from: configuration)
        let staleAfter = try configuration.integer("stale_after_days", default: 3, range: 1...365)
        let inbox = configuration.string("inbox_dir")
        let runsSync = inbox != nil || configuration.string("upstream_url") != nil
        let expectWriter = try configuration.boolean("expect_writer", default: runsSync)
        let pending = inbox.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0) }?
            .filter(PendingFile.isCandidate(name:)).count
        let status: ReplicationStatus
        do {
            status = try await withTimeout(seconds: 15) {
                try await Database.run(url, maximumConnections: 1, logger: logger) { database in
                    try await ReplicationStatus.read(
                        database, staleAfterDays: staleAfter, expectWriter: expectWriter, pendingFiles: pending
                    )
                }
            }
        } catch {
            printError("status: database unreachable (\(url)): \(error)")
            throw ExitCode(3)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            print("health:               \(status.health.rawValue) (\(status.reason))")
            print("last production date: \(status.lastProductionDate ?? "none")")
            print("applied at:           \(status.appliedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never")")
            print("age:                  \(status.ageSeconds.map { "\($0) s" } ?? "-")")
            print("files applied:        \(status.filesApplied)")
            print("files rejected:       \(status.filesRejected)")
            print("files pending:        \(status.pendingFiles.map(String.init) ?? "-")")
            print("writer lock:          \(status.writerLockHeld ? "held" : "not held")")
        }
        throw ExitCode(status.health.exitCode)
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var seconds: Int
    var description: String { "no answer within \(seconds) s" }
}

func withTimeout<T: Sendable>(seconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimeoutError(seconds: seconds)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
