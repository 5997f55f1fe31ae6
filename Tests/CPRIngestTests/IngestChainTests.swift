import CPRFormat
import CPRGenerator
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import Testing

/// Generated extracts and change chains: applying the chain to the extract must give the
/// replica that the status extract at the chain's last date gives directly.
@Suite struct IngestChainTests {
    /// Generates into a new subfolder of `folder`, the test's own, which it removes.
    static func generate(_ options: GeneratorOptions, in folder: String) throws -> [GeneratedFile] {
        try Generator.write(options, to: "\(folder)/\(UUID().uuidString.prefix(8))")
    }

    @Test(arguments: [(UInt64(11), Framing.lines, false), (12, .fixed, false), (13, .lines, true)])
    func extractPlusChainEqualsAsOfExtract(seed: UInt64, framing: Framing, addressRecordsAtEnd: Bool) async throws {
        let folder = try Shell.temporaryFolder("cprd-chain")
        defer { Shell.removeTemporary(folder) }
        let files = try Self.generate(GeneratorOptions(
            persons: 400, seed: seed, changes: 4, framing: framing,
            writeAsOfExtract: true, addressRecordsAtEnd: addressRecordsAtEnd
        ), in: folder)
        let extract = try #require(files.first { $0.kind == .full })
        let changes = files.filter { $0.kind == .change }
        let asOf = try #require(files.first { $0.kind == .asOfExtract })
        #expect(changes.count == 4)

        let replayed = try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            _ = try await ingestor.ingest(extract.path, kind: .full)
            for change in changes {
                let summary = try await ingestor.ingest(change.path, kind: .change)
                #expect(summary.outcome == .applied)
                #expect(summary.persons == change.persons)
                // The same file again changes nothing.
                let digest = try await ReplicaDigest.compute(database)
                #expect(try await ingestor.ingest(change.path, kind: .change).outcome == .alreadyApplied)
                #expect(try await ReplicaDigest.compute(database) == digest)
            }
            let state = try await ReplicationStatus.read(database, staleAfterDays: 3650)
            #expect(state.lastProductionDate?.replacingOccurrences(of: "-", with: "") == changes.last?.productionDate)
            return try await ReplicaDigest.compute(database)
        }
        let direct = try await TestPostgres.withDatabase { database in
            _ = try await Ingestor(database: database, archive: nil).ingest(asOf.path, kind: .full)
            return try await ReplicaDigest.compute(database)
        }
        #expect(replayed == direct)
        #expect(replayed["person"]?.hasPrefix("0:") == false)
    }

    @Test func aFullExtractReplacesAnOlderReplicaWhole() async throws {
        let folder = try Shell.temporaryFolder("cprd-chain")
        defer { Shell.removeTemporary(folder) }
        let first = try Self.generate(GeneratorOptions(persons: 200, seed: 21, changes: 0), in: folder)
        let second = try Self.generate(GeneratorOptions(persons: 150, seed: 22, changes: 0, startDate: "2026-02-02"), in: folder)
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            _ = try await ingestor.ingest(first[0].path, kind: .full)
            let summary = try await ingestor.ingest(second[0].path, kind: .full)
            #expect(summary.persons == second[0].persons)
            let count = try await database.client.query("SELECT count(*) FROM person", logger: database.logger).decode(Int.self).collect()
            #expect(count == [second[0].persons])
            // The replaced tables keep their indexes and names.
            let indexes = try await database.client.query(
                "SELECT indexname FROM pg_indexes WHERE tablename IN ('person', 'person_raw', 'pnr_alias') ORDER BY 1",
                logger: database.logger
            ).decode(String.self).collect()
            #expect(indexes.contains("person_pkey"))
            #expect(indexes.contains("person_raw_pkey"))
            #expect(indexes.contains("pnr_alias_source"))
            #expect(!indexes.contains { $0.hasSuffix("_load") })
        }
    }
}
