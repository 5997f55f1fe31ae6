import CPRGenerator
import CPRStore
import CPRTestSupport
import Foundation
import Testing

/// A crash at any moment leaves the replica as it was before the file or after it.
@Suite(.serialized) struct IngestCrashTests {
    /// Generates into a new subfolder of `folder`, the test's own, which it removes.
    static func generate(persons: Int, seed: UInt64, changes: Int = 0, in folder: String) throws -> [GeneratedFile] {
        try Generator.write(GeneratorOptions(persons: persons, seed: seed, changes: changes), to: "\(folder)/\(UUID().uuidString.prefix(8))")
    }

    static func digest(_ url: DatabaseURL) async throws -> [String: String] {
        try await Database.run(url, maximumConnections: 1, logger: .init(label: "t")) { try await ReplicaDigest.compute($0) }
    }

    @Test func killNineDuringAFullLoadLeavesBeforeOrAfter() async throws {
        let folder = try Shell.temporaryFolder("cprd-crash")
        defer { Shell.removeTemporary(folder) }
        let small = try Self.generate(persons: 300, seed: 31, in: folder)
        let large = try Self.generate(persons: 12_000, seed: 32, in: folder)
        // The clean result to compare with.
        let cleanURL = try await TestPostgres.freshDatabase(migrated: true)
        for file in [small[0], large[0]] {
            let run = try await CPRDProcess.run(["ingest", "--full", file.path], environment: ["CPRD_DATABASE_URL": cleanURL.text])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let clean = try await Self.digest(cleanURL)

        let url = try await TestPostgres.freshDatabase(migrated: true)
        let environment = ["CPRD_DATABASE_URL": url.text]
        #expect(try await CPRDProcess.run(["ingest", "--full", small[0].path], environment: environment).status == 0)
        let before = try await Self.digest(url)
        var generator = SystemRandomNumberGenerator()
        var killedBeforeCommit = 0
        for round in 0..<10 {
            let delay = Double.random(in: 0.05...2.5, using: &generator)
            let outcome = try await CPRDProcess.runKilled(after: delay, ["ingest", "--full", large[0].path], environment: environment)
            let now = try await Self.digest(url)
            #expect(now == before || now == clean, "round \(round): killed after \(delay) s, replica is in between")
            if now == before { killedBeforeCommit += 1 }
            if now == clean {
                // Applied before the kill landed: reset to the small extract for the next round.
                let reset = try await CPRDProcess.run(["ingest", "--full", "--force", small[0].path], environment: environment)
                #expect(reset.status == 0 || reset.stdout.contains("already"), "\(reset.stderr)")
                _ = outcome
            }
        }
        #expect(killedBeforeCommit > 0)
        let rerun = try await CPRDProcess.run(["ingest", "--full", large[0].path], environment: environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try await Self.digest(url) == clean)
    }

    @Test func postgresStoppedMidIngestFailsClearlyAndARerunCompletes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-pgstop-\(UUID().uuidString)").path
        let server = try PrivatePostgres.start(dataDirectory: folder + "/pg", settings: ["fsync": "off"])
        defer {
            server.stop(mode: "immediate")
            try? FileManager.default.removeItem(atPath: folder)
        }
        let files = try Self.generate(persons: 12_000, seed: 41, in: folder)
        let environment = ["CPRD_DATABASE_URL": server.url.text]
        #expect(try await CPRDProcess.run(["migrate"], environment: environment).status == 0)
        let ingest = Task { try await CPRDProcess.run(["ingest", "--full", files[0].path], environment: environment) }
        try await Task.sleep(for: .milliseconds(700))
        server.stop(mode: "fast")
        let failed = try await ingest.value
        #expect(failed.status != 0)
        #expect(!failed.stderr.isEmpty)
        _ = try PrivatePostgres.start(dataDirectory: folder + "/pg", port: server.port, settings: ["fsync": "off"])
        let rerun = try await CPRDProcess.run(["ingest", "--full", files[0].path], environment: environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let count = try await Database.run(server.url, maximumConnections: 1, logger: .init(label: "t")) { database in
            try await database.client.query("SELECT count(*) FROM person", logger: database.logger).decode(Int.self).collect()
        }
        #expect(count == [files[0].persons])
    }
}

extension CPRDProcess {
    /// Starts cprd and sends SIGKILL after `delay` seconds (if it is still running).
    static func runKilled(after delay: Double, _ arguments: [String], environment: [String: String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: .seconds(delay))
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }
}
