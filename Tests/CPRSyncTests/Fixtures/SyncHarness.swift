import CPRGenerator
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import Glibc
import Logging

/// Generated CPR files, a fresh database, folders, and `cprd sync` processes against them.
/// The test calls `remove()` once the processes it started are stopped.
struct SyncHarness {
    let folder: String
    let files: [GeneratedFile]
    let url: DatabaseURL
    static let logger: Logger = {
        var logger = Logger(label: "cprd.sync.test")
        logger.logLevel = .warning
        return logger
    }()

    init(persons: Int = 40, changes: Int = 4, url: DatabaseURL? = nil) async throws {
        let folder = try Shell.temporaryFolder("cprd-sync")
        do {
            files = try Generator.write(GeneratorOptions(persons: persons, seed: 11, changes: changes), to: "\(folder)/generated")
            if let url {
                self.url = url
            } else {
                self.url = try await TestPostgres.freshDatabase(migrated: false)
            }
        } catch {
            Shell.removeTemporary(folder)
            throw error
        }
        self.folder = folder
    }

    /// Removes the folder: generated files, inboxes, archive, logs.
    func remove() { Shell.removeTemporary(folder) }

    var extract: GeneratedFile { files.first { $0.kind == .full }! }
    var changes: [GeneratedFile] { files.filter { $0.kind == .change }.sorted { $0.productionDate < $1.productionDate } }

    func name(_ file: GeneratedFile) -> String { (file.path as NSString).lastPathComponent }

    /// Copies files into `directory` under a temporary name and renames them in, as a careful writer would.
    func place(_ files: [GeneratedFile], in directory: String, metadata: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in files {
            let name = name(file)
            try FileManager.default.copyItem(atPath: file.path, toPath: "\(directory)/.\(name).tmp")
            rename("\(directory)/.\(name).tmp", "\(directory)/\(name)")
            if metadata {
                try "<metadata/>".write(toFile: "\(directory)/\(name).metadata", atomically: true, encoding: .utf8)
            }
        }
    }

    /// The ledger's applied and rejected file names, oldest first.
    func ledger() async throws -> [(name: String, outcome: String)] {
        try await Database.run(url, maximumConnections: 1, logger: Self.logger) { database in
            try await database.client.query("SELECT file_name, outcome FROM ingest_file ORDER BY id", logger: database.logger)
                .decode((String, String).self).collect().map { (name: $0.0, outcome: $0.1) }
        }
    }

    func applied() async throws -> [String] {
        try await ledger().filter { $0.outcome == "applied" }.map(\.name)
    }

    /// Polls until `condition` holds for the applied names, or `timeout` passes.
    func waitForApplied(timeout: Double, _ condition: @escaping ([String]) -> Bool) async throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var names: [String] = []
        while Date() < deadline {
            names = (try? await applied()) ?? names
            if condition(names) { return names }
            try await Task.sleep(for: .milliseconds(100))
        }
        return names
    }

    func digest(of url: DatabaseURL? = nil) async throws -> [String: String] {
        try await Database.run(url ?? self.url, maximumConnections: 1, logger: Self.logger) { try await ReplicaDigest.compute($0) }
    }

    /// The digest of a replica with `files` applied directly through the Ingestor.
    func referenceDigest(_ files: [GeneratedFile]) async throws -> [String: String] {
        let reference = try await TestPostgres.freshDatabase(migrated: true)
        return try await Database.run(reference, maximumConnections: 8, logger: Self.logger) { database in
            let ingestor = Ingestor(database: database, archive: nil)
            for file in files {
                _ = try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change)
            }
            return try await ReplicaDigest.compute(database)
        }
    }

    /// Starts `cprd sync` with `settings` as CPRD_ variables; output goes to `log`.
    func startSync(_ settings: [String: String], notify: NotifyListener? = nil, log: String, extra: [String: String] = [:]) throws -> pid_t {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") && $0.key != "NOTIFY_SOCKET" && !$0.key.hasPrefix("WATCHDOG_") }
        environment["CPRD_DATABASE_URL"] = url.text
        environment["CPRD_LOG_LEVEL"] = ProcessInfo.processInfo.environment["CPRD_TEST_SYNC_LOG_LEVEL"] ?? "info"
        environment["CPRD_RETRY_INITIAL_SECONDS"] = "0.2"
        environment["CPRD_RETRY_MAXIMUM_SECONDS"] = "1"
        environment["CPRD_POLL_INTERVAL_SECONDS"] = "0.3"
        environment["CPRD_INBOX_INTERVAL_SECONDS"] = "0.2"
        environment["CPRD_LOCK_RETRY_SECONDS"] = "0.3"
        for (key, value) in settings { environment["CPRD_\(key.uppercased())"] = value }
        if let notify { environment["NOTIFY_SOCKET"] = notify.path }
        environment.merge(extra) { $1 }
        return try Shell.spawn(Self.executable, ["sync"], environment: environment, log: log)
    }

    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cprd").path
    }

    /// Runs `cprd status` and returns its exit code.
    func status() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["status", "--database-url", url.text]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CPRD_") }
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
