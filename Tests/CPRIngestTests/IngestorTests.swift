import CPRFormat
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct IngestorTests {
    let folder = TinyCPR.folder()
    let persons = [
        TinyPerson(pnr: "0108610069", first: "Åse", last: "Ødegård"),
        TinyPerson(pnr: "0101965058", first: "Jens", last: "Hansen", protected: true),
        TinyPerson(pnr: "3112000010", first: "Éva", last: "Bøgh", municipality: "0101"),
    ]

    func extract(_ persons: [TinyPerson], addressRecordsAtEnd: Bool = false, framing: Framing = .lines) throws -> String {
        try TinyCPR.write(
            TinyCPR.file(persons, production: (2026, 1, 5), previous: nil, framing: framing, addressRecordsAtEnd: addressRecordsAtEnd),
            named: "extract-\(UUID().uuidString.prefix(6)).cpr", in: folder
        )
    }

    func change(_ persons: [TinyPerson], production: (Int, Int, Int), previous: (Int, Int, Int), name: String? = nil) throws -> String {
        try TinyCPR.write(
            TinyCPR.file(persons, production: production, previous: previous, events: true),
            named: name ?? "change-\(production.0)\(production.1)\(production.2).cpr", in: folder
        )
    }

    func documents(_ database: Database) async throws -> [String: String] {
        let rows = try await database.client.query("SELECT pnr, document FROM person", logger: database.logger)
            .decode((String, String).self).collect()
        return Dictionary(uniqueKeysWithValues: rows)
    }

    /// A load holds a connection per COPY stream at once: a pool too small for that is refused
    /// at once with a clear error, where it would otherwise wait forever.
    @Test func aPoolTooSmallForTheCopyStreamsIsRefusedNotDeadlocked() async throws {
        defer { Shell.removeTemporary(folder) }
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let path = try extract(persons)
        try await Database.run(url, maximumConnections: 4, logger: .init(label: "test")) { database in
            await #expect {
                _ = try await Ingestor(database: database, archive: nil).ingest(path, kind: .full)
            } throws: { error in
                "\(error)".contains("the database pool has 4 connections; loading needs 7")
            }
            let persons = try await database.client.query("SELECT count(*) FROM person", logger: database.logger).decode(Int.self).collect()
            #expect(persons == [0])
        }
    }

    @Test func fullExtractLoadsEveryPersonWithDocuments() async throws {
        defer { Shell.removeTemporary(folder) }
        try await TestPostgres.withDatabase { database in
            let archive = Archive(directory: folder + "/archive")
            let summary = try await Ingestor(database: database, archive: archive).ingest(try extract(persons), kind: .full)
            #expect(summary.outcome == .applied)
            #expect(summary.persons == 3)
            #expect(summary.productionDate == "2026-01-05")
            let documents = try await documents(database)
            #expect(documents.count == 3)
            let document = try #require(documents["0108610069"])
            #expect(document.contains(#""first":"Åse""#))
            #expect(document.contains(#""last":"Ødegård""#))
            #expect(document.contains(#""municipalityCode":"0851""#))
            #expect(document.contains(#""houseNumber":"012A""#))
            #expect(document.contains(#""roadName":"Østergade""#))
            let protected = try await database.client.query(
                "SELECT pnr, redacted_document FROM person WHERE name_address_protected", logger: database.logger
            ).decode((String, String?).self).collect()
            #expect(protected.map(\.0) == ["0101965058"])
            #expect(protected.first?.1?.contains(#""name":null"#) == true)
            #expect(protected.first?.1?.contains("Hansen") == false)
            let state = try await ReplicationStatus.read(database, staleAfterDays: 3)
            #expect(state.lastProductionDate == "2026-01-05")
            #expect(state.filesApplied == 1)
            let archived = try FileManager.default.contentsOfDirectory(atPath: folder + "/archive")
            #expect(archived.count == 1)
            #expect(archived.first?.hasPrefix("20260105-full-") == true)
        }
    }

    @Test func changeFileReplacesOnlyItsPersonsAndSameFileTwiceIsNoOp() async throws {
        defer { Shell.removeTemporary(folder) }
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            _ = try await ingestor.ingest(try extract(persons), kind: .full)
            var moved = persons[0]
            moved.municipality = "0461"
            moved.last = "Møller"
            let path = try change([moved], production: (2026, 1, 6), previous: (2026, 1, 5))
            let summary = try await ingestor.ingest(path, kind: .change)
            #expect(summary.outcome == .applied)
            #expect(summary.persons == 1)
            let documents = try await documents(database)
            #expect(documents["0108610069"]?.contains(#""municipalityCode":"0461""#) == true)
            #expect(documents["0108610069"]?.contains("Møller") == true)
            #expect(documents["0101965058"]?.contains("Hansen") == true)
            let digest = try await ReplicaDigest.compute(database)
            let again = try await ingestor.ingest(path, kind: .change)
            #expect(again.outcome == .alreadyApplied)
            let renamed = folder + "/renamed.cpr"
            try FileManager.default.copyItem(atPath: path, toPath: renamed)
            #expect(try await ingestor.ingest(renamed, kind: .change).outcome == .alreadyApplied)
            #expect(try await ReplicaDigest.compute(database) == digest)
            let events = try await database.client.query("SELECT count(*) FROM person_event", logger: database.logger)
                .decode(Int.self).collect()
            #expect(events == [1])
            let changes = try await database.client.query("SELECT pnr FROM person_change WHERE pnr IS NOT NULL", logger: database.logger)
                .decode(String.self).collect()
            #expect(changes == ["0108610069"])
        }
    }

    @Test func gapIsRefusedUnlessForced() async throws {
        defer { Shell.removeTemporary(folder) }
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: nil)
            _ = try await ingestor.ingest(try extract(persons), kind: .full)
            let before = try await ReplicaDigest.compute(database)
            var changed = persons[1]
            changed.first = "Jensine"
            let late = try change([changed], production: (2026, 1, 8), previous: (2026, 1, 7))
            await #expect {
                try await ingestor.ingest(late, kind: .change)
            } throws: { error in
                guard case .gap(_, let previous, let last) = error as? IngestError else { return false }
                return previous == "2026-01-07" && last == "2026-01-05" && "\(error)".contains("2026-01-07") && "\(error)".contains("2026-01-05")
            }
            #expect(try await ReplicaDigest.compute(database) == before)
            let status = try await ReplicationStatus.read(database, staleAfterDays: 3)
            #expect(status.health == .failing)
            #expect(status.filesRejected == 1)
            let forced = try await ingestor.ingest(late, kind: .change, force: true)
            #expect(forced.forced)
            #expect(try await documents(database)["0101965058"]?.contains("Jensine") == true)
            let ledger = try await database.client.query(
                "SELECT outcome, forced FROM ingest_file ORDER BY id", logger: database.logger
            ).decode((String, Bool).self).collect()
            #expect(ledger.map(\.0) == ["applied", "rejected", "applied"])
            #expect(ledger.map(\.1) == [false, false, true])
        }
    }

    @Test func changeFileOnEmptyReplicaIsRefused() async throws {
        defer { Shell.removeTemporary(folder) }
        try await TestPostgres.withDatabase { database in
            await #expect(throws: IngestError.self) {
                try await Ingestor(database: database, archive: nil).ingest(
                    try change(persons, production: (2026, 1, 6), previous: (2026, 1, 5)), kind: .change
                )
            }
        }
    }

    @Test func recordsApartInTheFileGiveTheSameReplica() async throws {
        defer { Shell.removeTemporary(folder) }
        let contiguous = try await TestPostgres.withDatabase { database in
            _ = try await Ingestor(database: database, archive: nil).ingest(try extract(persons), kind: .full)
            return try await ReplicaDigest.compute(database)
        }
        let scattered = try await TestPostgres.withDatabase { database in
            _ = try await Ingestor(database: database, archive: nil).ingest(try extract(persons, addressRecordsAtEnd: true), kind: .full)
            return try await ReplicaDigest.compute(database)
        }
        let fixed = try await TestPostgres.withDatabase { database in
            _ = try await Ingestor(database: database, archive: nil).ingest(try extract(persons, framing: .fixed), kind: .full)
            return try await ReplicaDigest.compute(database)
        }
        #expect(contiguous == scattered)
        #expect(contiguous == fixed)
        #expect(contiguous["person"]?.hasPrefix("3:") == true)
    }

    @Test func oldNumbersResolveThroughAliases() async throws {
        defer { Shell.removeTemporary(folder) }
        let renumbered = TinyPerson(pnr: "0709610015", first: "Robert", last: "Ullersen", oldPNR: "0108610069")
        let old = TinyPerson(pnr: "0108610069", first: "Robert", last: "Ullersen", status: "60", currentPNR: "0709610015")
        try await TestPostgres.withDatabase { database in
            _ = try await Ingestor(database: database, archive: nil).ingest(try extract([old, renumbered]), kind: .full)
            let aliases = try await database.client.query(
                "SELECT old_pnr, current_pnr, source_pnr FROM pnr_alias ORDER BY source_pnr", logger: database.logger
            ).decode((String, String, String).self).collect()
            #expect(aliases.map(\.0) == ["0108610069", "0108610069"])
            #expect(aliases.map(\.1) == ["0709610015", "0709610015"])
            let document = try await documents(database)["0108610069"]
            #expect(document?.contains(#""currentPnr":"0709610015""#) == true)
            #expect(document?.contains(#""address":null"#) == true)
        }
    }
}
