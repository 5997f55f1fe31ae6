import CPRStore
import CPRTestSupport
import Foundation
import Testing

/// The `cprd` executable as an operator runs it: real processes against the test server.
@Suite struct CommandLineTests {
    @Test func twoMigrateProcessesAtOnceApplyEachMigrationOnce() async throws {
        let url = try await TestPostgres.freshDatabase()
        let runs = try await withThrowingTaskGroup(of: CPRDProcess.Outcome.self) { group in
            for _ in 0..<2 {
                group.addTask { try await CPRDProcess.run(["migrate", "--database-url", url.text]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        let applied = runs.compactMap { run in
            run.stdout.split(separator: ",").first.flatMap { Int($0.split(separator: " ").last ?? "") }
        }
        #expect(applied.reduce(0, +) == Migration.bundled.count)
        let count = try await Database.run(url, maximumConnections: 1, logger: .init(label: "t")) { database in
            try await database.client.query("SELECT count(*) FROM cprd_migration", logger: database.logger).decode(Int.self).collect()
        }
        #expect(count == [Migration.bundled.count])
    }

    @Test func migrateRefusesUnknownMigrationWithNonZeroExit() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        try await Database.run(url, maximumConnections: 1, logger: .init(label: "t")) { database in
            try await database.client.query(
                "INSERT INTO cprd_migration (version, name, checksum) VALUES (9999, 'future', 'x')", logger: database.logger
            )
        }
        let run = try await CPRDProcess.run(["migrate", "--database-url", url.text])
        #expect(run.status != 0)
        #expect(run.stderr.contains("9999"))
    }

    @Test func badConfigurationNamesTheKey() async throws {
        let run = try await CPRDProcess.run(["status"], environment: ["CPRD_DATABASE_URL": "mysql://nope", "CPRD_LOG_LEVEL": "info"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("database_url"))
        #expect(run.stderr.contains("CPRD_DATABASE_URL"))
    }

    @Test func everyCommandHasHelp() async throws {
        for command in ["migrate", "ingest", "status", "generate"] {
            let run = try await CPRDProcess.run([command, "--help"])
            #expect(run.status == 0, "\(command)")
            #expect(run.stdout.contains("OVERVIEW:") || run.stdout.contains("USAGE:"), "\(command)")
        }
    }

    /// Generates, ingests and asks for status with debug logging, then looks for any PNR
    /// of the generated files in what the processes logged: there must be none.
    @Test func technicalLogsCarryNoPNR() async throws {
        let url = try await TestPostgres.freshDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-log-\(UUID().uuidString)").path
        defer { Shell.removeTemporary(folder) }
        var logged = ""
        let generate = try await CPRDProcess.run(["generate", "--persons", "40", "--seed", "7", "--changes", "2", "--output", folder])
        #expect(generate.status == 0, "\(generate.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let extract = try #require(files.first { $0.hasPrefix("extract-") })
        let changes = files.filter { $0.hasPrefix("change-") }
        let environment = ["CPRD_DATABASE_URL": url.text, "CPRD_LOG_LEVEL": "trace", "CPRD_ARCHIVE_DIR": folder + "/archive"]
        for arguments in [
            ["migrate"], ["ingest", "--full", "\(folder)/\(extract)"],
            ["ingest"] + changes.map { "\(folder)/\($0)" }, ["ingest"] + changes.map { "\(folder)/\($0)" }, ["status"],
        ] {
            let run = try await CPRDProcess.run(arguments, environment: environment)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            logged += run.stderr + run.stdout
        }
        #expect(logged.contains("applied"))
        // Every PNR the files carry (positions 4-13 of every person record).
        var pnrs = Set<String>()
        for file in files where file.hasSuffix(".cpr") {
            let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .isoLatin1)
            for line in text.split(separator: "\n") where line.count >= 13 && !line.hasPrefix("000") && !line.hasPrefix("999") {
                pnrs.insert(String(line.dropFirst(3).prefix(10)))
            }
        }
        #expect(pnrs.count > 40)
        let leaked = pnrs.filter { logged.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.count) PNRs in the technical log")
    }
}

/// Runs the built `cprd` binary and collects its output.
enum CPRDProcess {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/<config>/cprd`, beside the test bundle.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("cprd")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        env.merge(environment) { $1 }
        process.environment = env
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        defer { try? FileManager.default.removeItem(at: folder) }
        return Outcome(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }
}
