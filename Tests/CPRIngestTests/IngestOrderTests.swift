import CPRGenerator
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import PostgresNIO
import Testing

/// Which files the replica takes, in which order, and what "already applied" means once a
/// forced status extract rolled the replica back (product spec §2). Files come from the
/// project's generator.
@Suite struct IngestOrderTests {
    /// Generates into a new subfolder of `folder`, the test's own, which it removes.
    static func generate(_ options: GeneratorOptions, in folder: String) throws -> [GeneratedFile] {
        try Generator.write(options, to: "\(folder)/\(UUID().uuidString.prefix(8))")
    }

    static func name(_ file: GeneratedFile) -> String { (file.path as NSString).lastPathComponent }

    static func lastProduction(_ database: Database) async throws -> String? {
        try await ReplicationStatus.read(database, staleAfterDays: 3650).lastProductionDate
    }

    static func persons(_ database: Database) async throws -> Int {
        try await database.client.query("SELECT count(*) FROM person", logger: database.logger).decode(Int.self).collect().first ?? -1
    }

    /// Ledger outcomes of the rows with this file name, oldest first.
    static func outcomes(_ file: GeneratedFile, _ database: Database) async throws -> [String] {
        try await database.client.query(
            "SELECT outcome FROM ingest_file WHERE file_name = \(name(file)) ORDER BY id", logger: database.logger
        ).decode(String.self).collect()
    }

    // MARK: - the kind comes from the 000 record

    @Test func aChangeFileGivenAsAFullExtractIsRefusedByItsStartRecordEvenForced() async throws {
        let folder = try Shell.temporaryFolder("cprd-order")
        defer { Shell.removeTemporary(folder) }
        let files = try Self.generate(GeneratorOptions(persons: 200, seed: 7, changes: 3), in: folder)
        let archiveFolder = folder + "/archive"
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: Archive(directory: archiveFolder))
            #expect(try await ingestor.ingest(files[0].path, kind: .full).outcome == .applied)
            #expect(try await ingestor.ingest(files[1].path, kind: .change).outcome == .applied)
            let before = try await ReplicaDigest.compute(database)
            // files[1] was applied as a change file; files[2] never was: both are change files.
            for (file, follows) in [(files[2], "2026-01-06"), (files[1], "2026-01-05")] {
                for force in [false, true] {
                    await #expect {
                        try await ingestor.ingest(file.path, kind: .full, force: force)
                    } throws: { error in
                        guard case .content(let named, let record, let offset, let problem) = error as? IngestError else { return false }
                        return named == Self.name(file) && record == 1 && offset == 0
                            && problem.contains("not a status extract") && problem.contains("PRODDTOFORRIG \(follows)")
                            && "\(error)".hasPrefix(Self.name(file))
                    }
                }
            }
            #expect(try await ReplicaDigest.compute(database) == before)
            #expect(try await Self.lastProduction(database) == "2026-01-06")
            let archived = try FileManager.default.contentsOfDirectory(atPath: archiveFolder)
            // Only the status extract was archived as one; a rebuild takes the newest as its base.
            let archivedFull = archived.filter { $0.contains("-full-") }
            #expect(archivedFull.count == 1 && archivedFull.allSatisfy { $0.hasPrefix("20260105-full-") }, "\(archived)")
            // The chain goes on.
            #expect(try await ingestor.ingest(files[2].path, kind: .change).outcome == .applied)
        }
    }

    @Test func aStatusExtractGivenAsAChangeFileIsRefusedEvenForced() async throws {
        let folder = try Shell.temporaryFolder("cprd-order")
        defer { Shell.removeTemporary(folder) }
        let files = try Self.generate(GeneratorOptions(persons: 120, seed: 9, changes: 0), in: folder)
        let later = try Self.generate(GeneratorOptions(persons: 80, seed: 10, changes: 0, startDate: "2026-01-06"), in: folder)
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            _ = try await ingestor.ingest(files[0].path, kind: .full)
            let before = try await ReplicaDigest.compute(database)
            for force in [false, true] {
                await #expect {
                    try await ingestor.ingest(later[0].path, kind: .change, force: force)
                } throws: { error in
                    guard case .content(let named, 1, 0, let problem) = error as? IngestError else { return false }
                    return named == Self.name(later[0]) && problem.contains("not a change extract") && problem.contains("--full")
                }
            }
            #expect(try await ReplicaDigest.compute(database) == before)
            #expect(try await Self.persons(database) == files[0].persons)
        }
    }

    // MARK: - status extracts: older only with --force; the rolled-back files apply again

    @Test func anOlderFullExtractIsRefusedUnlessForcedAndTheNewerFilesApplyAgainAfterwards() async throws {
        let folder = try Shell.temporaryFolder("cprd-order")
        defer { Shell.removeTemporary(folder) }
        let current = try Self.generate(GeneratorOptions(persons: 200, seed: 7, changes: 3), in: folder)
        let older = try Self.generate(GeneratorOptions(persons: 50, seed: 8, changes: 0, startDate: "2025-12-01"), in: folder)[0]
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            for file in current {
                #expect(try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change).outcome == .applied)
            }
            let newest = try await ReplicaDigest.compute(database)
            #expect(try await Self.lastProduction(database) == "2026-01-08")

            await #expect {
                try await ingestor.ingest(older.path, kind: .full)
            } throws: { error in
                guard case .outOfOrder(let named, let problem) = error as? IngestError else { return false }
                return named == Self.name(older) && problem.contains("2025-12-01") && problem.contains("2026-01-08") && problem.contains("--force")
            }
            #expect(try await ReplicaDigest.compute(database) == newest)
            #expect(try await Self.lastProduction(database) == "2026-01-08")

            // Forced: the replica goes back, and the files after it leave the applied set.
            let forced = try await ingestor.ingest(older.path, kind: .full, force: true)
            #expect(forced.outcome == .applied)
            #expect(forced.forced)
            #expect(try await Self.lastProduction(database) == "2025-12-01")
            #expect(try await Self.persons(database) == older.persons)
            for file in current {
                #expect(try await Self.outcomes(file, database) == ["rolled-back"])
            }

            // The newer files restore the replica through plain ingest, not "already applied".
            for file in current {
                let again = try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change)
                #expect(again.outcome == .applied, "\(Self.name(file))")
                #expect(!again.forced)
            }
            #expect(try await ReplicaDigest.compute(database) == newest)
            #expect(try await Self.lastProduction(database) == "2026-01-08")
            // The same file twice in normal operation is still a no-op.
            for file in current {
                #expect(try await ingestor.ingest(file.path, kind: file.kind == .full ? .full : .change).outcome == .alreadyApplied)
                #expect(try await Self.outcomes(file, database) == ["rolled-back", "applied"])
            }
            #expect(try await ReplicaDigest.compute(database) == newest)

            // The older extract's content is not what the replica holds, but its date is before the
            // replica's: offered again it stays a no-op; with --force it is applied again.
            #expect(try await ingestor.ingest(older.path, kind: .full).outcome == .alreadyApplied)
            #expect(try await ReplicaDigest.compute(database) == newest)
            let reapplied = try await ingestor.ingest(older.path, kind: .full, force: true)
            #expect(reapplied.outcome == .applied && reapplied.forced)
            #expect(try await Self.persons(database) == older.persons)
            #expect(try await Self.outcomes(older, database) == ["rejected", "rolled-back", "applied"])
            // Now it is the replica's last file: forcing it again changes nothing.
            #expect(try await ingestor.ingest(older.path, kind: .full, force: true).outcome == .alreadyApplied)
            let doubles = try await database.client.query(
                "SELECT count(*) FROM (SELECT sha256 FROM ingest_file WHERE outcome = 'applied' GROUP BY sha256 HAVING count(*) > 1) d",
                logger: database.logger
            ).decode(Int.self).collect()
            #expect(doubles == [0])
        }
    }

    @Test func aStatusExtractOfTheReplicasOwnDateReplacesItAndTheReplacedOneAppliesAgain() async throws {
        let folder = try Shell.temporaryFolder("cprd-order")
        defer { Shell.removeTemporary(folder) }
        let small = try Self.generate(GeneratorOptions(persons: 60, seed: 31, changes: 1), in: folder)
        let large = try Self.generate(GeneratorOptions(persons: 120, seed: 32, changes: 0), in: folder)[0]
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            #expect(try await ingestor.ingest(small[0].path, kind: .full).outcome == .applied)
            #expect(try await ingestor.ingest(small[0].path, kind: .full).outcome == .alreadyApplied)
            let smallDigest = try await ReplicaDigest.compute(database)

            // Same production date, other bytes: not backwards, no --force needed.
            let replaced = try await ingestor.ingest(large.path, kind: .full)
            #expect(replaced.outcome == .applied && !replaced.forced)
            #expect(try await Self.persons(database) == large.persons)
            let largeDigest = try await ReplicaDigest.compute(database)
            // The replica no longer holds the first one: offered again, it is applied again.
            #expect(try await ingestor.ingest(small[0].path, kind: .full).outcome == .applied)
            #expect(try await ReplicaDigest.compute(database) == smallDigest)
            #expect(try await ingestor.ingest(large.path, kind: .full).outcome == .applied)
            #expect(try await ReplicaDigest.compute(database) == largeDigest)
            #expect(try await Self.lastProduction(database) == "2026-01-05")
            // The chain still follows that date.
            #expect(try await ingestor.ingest(small[1].path, kind: .change).outcome == .applied)
            #expect(try await Self.lastProduction(database) == "2026-01-06")
        }
    }

    // MARK: - change files: --force accepts a gap, never an older file

    @Test func anOlderChangeFileIsRefusedEvenWithForceAndTheChainGoesOn() async throws {
        let folder = try Shell.temporaryFolder("cprd-order")
        defer { Shell.removeTemporary(folder) }
        let chain = try Self.generate(GeneratorOptions(persons: 200, seed: 7, changes: 4), in: folder)
        let other = try Self.generate(GeneratorOptions(persons: 200, seed: 8, changes: 3), in: folder)
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            _ = try await ingestor.ingest(chain[0].path, kind: .full)
            for file in chain[1...3] {
                #expect(try await ingestor.ingest(file.path, kind: .change).outcome == .applied)
            }
            let before = try await ReplicaDigest.compute(database)
            #expect(try await Self.lastProduction(database) == "2026-01-08")

            // Another delivery's change files of 01-06 (older) and 01-08 (the replica's own date).
            for (file, production) in [(other[1], "2026-01-06"), (other[3], "2026-01-08")] {
                for force in [false, true] {
                    await #expect {
                        try await ingestor.ingest(file.path, kind: .change, force: force)
                    } throws: { error in
                        guard case .outOfOrder(let named, let problem) = error as? IngestError else { return false }
                        return named == Self.name(file) && problem.contains(production) && problem.contains("2026-01-08")
                            && problem.contains("not even with --force")
                    }
                }
            }
            #expect(try await ReplicaDigest.compute(database) == before)
            #expect(try await Self.lastProduction(database) == "2026-01-08")
            // The next genuine file follows, no gap.
            let next = try await ingestor.ingest(chain[4].path, kind: .change)
            #expect(next.outcome == .applied && !next.forced)
            #expect(try await Self.lastProduction(database) == "2026-01-09")
        }
    }
}
