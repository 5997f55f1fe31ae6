import CPRGenerator
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import Logging
import PostgresNIO

/// One replica for the read-only tests: synthetic persons from CPRGenerator, a status
/// extract and change files, ingested by the real `Ingestor`. Made once per test process;
/// tests register their own systems and agreements in it, so they do not see each other.
struct Population: Sendable {
    let url: DatabaseURL
    /// Status 01, not protected, with an address.
    let active: [String]
    /// Persons with name and address protection.
    let protected: [String]
    /// Old numbers with a row of their own (status 50/60): (old, current).
    let replaced: [(old: String, current: String)]
    /// A person with earlier addresses (valid 023 records).
    let movedPerson: String?
    /// How many person_change rows there are.
    let changeCount: Int

    static let shared = Task<Population, any Error> { try await make() }

    static func get() async throws -> Population { try await shared.value }

    static let logger: Logger = {
        var logger = Logger(label: "cprd.test.server")
        logger.logLevel = .warning
        return logger
    }()

    private static func make() async throws -> Population {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-server-tests-\(getpid())").path
        let files = try Generator.write(GeneratorOptions(persons: 3000, seed: 5, changes: 4), to: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await Database.run(url, maximumConnections: 8, logger: logger) { database async throws in
            let ingestor = Ingestor(database: database, archive: nil)
            for file in files where file.kind != .asOfExtract {
                _ = try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change)
            }
            func strings(_ sql: String) async throws -> [String] {
                try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self).collect()
            }
            func pairs(_ sql: String) async throws -> [(old: String, current: String)] {
                try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    .decode((String, String).self).collect().map { (old: $0.0, current: $0.1) }
            }
            return Population(
                url: url,
                active: try await strings("""
                    SELECT pnr FROM person WHERE status = '01' AND NOT name_address_protected
                      AND municipality_code IS NOT NULL AND current_pnr IS NULL ORDER BY pnr LIMIT 200
                    """),
                protected: try await strings("SELECT pnr FROM person WHERE name_address_protected ORDER BY pnr LIMIT 20"),
                replaced: try await pairs("SELECT pnr, current_pnr FROM person WHERE current_pnr IS NOT NULL ORDER BY pnr LIMIT 20"),
                movedPerson: try await strings("""
                    SELECT r.pnr FROM person_raw r JOIN person p USING (pnr)
                    WHERE r.records ~ '(^|\\n)023.{10} ' AND p.status = '01' AND NOT p.name_address_protected
                    ORDER BY r.pnr LIMIT 1
                    """).first,
                changeCount: try await database.client.query("SELECT count(*)::int FROM person_change", logger: logger)
                    .decode(Int.self).collect().first ?? 0
            )
        }
    }

    /// Runs `body` with a pool on the population's database.
    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        try await Database.run(url, maximumConnections: 2, logger: Self.logger, body)
    }
}
