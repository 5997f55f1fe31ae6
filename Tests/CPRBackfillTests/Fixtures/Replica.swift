import CPRBackfill
import CPRGenerator
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Generated CPR files applied to a fresh test database through the ordinary ingest path,
/// with an archive, as the sync daemon would leave them.
struct Replica: Sendable {
    let url: DatabaseURL
    let files: [GeneratedFile]
    let archive: String
    /// Holds the generated files and the archive.
    let folder: String

    static let logger: Logger = {
        var logger = Logger(label: "cprd.backfill.test")
        logger.logLevel = .warning
        return logger
    }()

    /// Generates `persons` with `changes` change files and ingests the first `apply` files
    /// (all when nil). The test calls `remove()` when done with it.
    static func make(persons: Int, seed: UInt64, changes: Int, apply: Int? = nil, receipts: Bool = false) async throws -> Replica {
        let folder = try Shell.temporaryFolder("cprd-backfill-data")
        do {
            let files = try Generator.write(
                GeneratorOptions(persons: persons, seed: seed, changes: changes, subscriptionReceipts: receipts), to: folder
            ).filter { $0.kind != .asOfExtract }
            let url = try await TestPostgres.freshDatabase(migrated: true)
            let replica = Replica(url: url, files: files, archive: folder + "/archive", folder: folder)
            try await replica.ingest(files.prefix(apply ?? files.count))
            return replica
        } catch {
            Shell.removeTemporary(folder)
            throw error
        }
    }

    /// Removes the files and the archive (the database stays, as every test database does).
    func remove() { Shell.removeTemporary(folder) }

    func ingest(_ files: some Sequence<GeneratedFile>) async throws {
        let archive = self.archive
        let files = Array(files)
        try await withDatabase { database in
            let ingestor = Ingestor(database: database, archive: Archive(directory: archive))
            for file in files {
                _ = try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change)
            }
        }
    }

    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        try await Database.run(url, maximumConnections: 8, logger: Self.logger, body)
    }

    func digest() async throws -> [String: String] {
        try await withDatabase { try await ReplicaDigest.compute($0) }
    }

    func scalar<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type = T.self) async throws -> T? {
        try await withDatabase { database in
            try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger).decode(T.self).collect().first
        }
    }

    func execute(_ sql: String) async throws {
        _ = try await withDatabase { database in
            try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
        }
    }

    func enqueue(_ kind: JobKind, _ arguments: some Encodable & Sendable, maxAttempts: Int = 5) async throws -> Int64 {
        try await withDatabase { try await JobQueue(database: $0).enqueue(kind, arguments: arguments, maxAttempts: maxAttempts) }
    }

    func job(_ id: Int64) async throws -> Job {
        try await withDatabase { try await JobQueue(database: $0).job(id) }
    }

    /// Runs a worker in this process until nothing is runnable.
    func runWorker(_ settings: WorkerSettings) async throws {
        try await withDatabase { database in
            try await BackfillWorker(database: database, settings: settings, logger: Self.logger, once: true).run()
        }
    }

    /// Waits (polling, bounded) until `condition` holds.
    func waitUntil(timeout: Double = 60, _ condition: @escaping @Sendable (Job) -> Bool, job id: Int64) async throws -> Job {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let job = try await self.job(id)
            if condition(job) { return job }
            guard Date() < deadline else { throw FixtureError("job \(id) did not reach the condition in \(timeout) s (now \(job.state.rawValue), \(job.done)/\(job.total ?? -1))") }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// A person's records in `file`, one per line as the file has them (000/999/099/910/997 left out).
    static func records(of pnr: String, in file: GeneratedFile) throws -> [String] {
        let text = try String(contentsOfFile: file.path, encoding: .isoLatin1)
        return text.split(separator: "\n").map(String.init).filter { line in
            line.count >= 13 && !["000", "999", "099", "910", "997"].contains(String(line.prefix(3)))
                && line.dropFirst(3).prefix(10) == pnr
        }
    }

    /// PNRs with a 001 in `file`, in file order.
    static func persons(in file: GeneratedFile) throws -> [String] {
        let text = try String(contentsOfFile: file.path, encoding: .isoLatin1)
        return text.split(separator: "\n").filter { $0.hasPrefix("001") }.map { String($0.dropFirst(3).prefix(10)) }
    }
}

/// Text as CPR sends it: ISO-8859-1 bytes.
func latin1(_ text: String) -> [UInt8] {
    Array(text.data(using: .isoLatin1)!)
}

/// A count shared by concurrent tasks of a test.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
