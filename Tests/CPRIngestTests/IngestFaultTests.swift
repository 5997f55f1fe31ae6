import CPRFormat
import CPRIngest
import CPRStore
import CPRTestSupport
import Foundation
import Testing

/// Every bad file is refused with a message naming the place, and changes nothing.
@Suite struct IngestFaultTests {
    let folder = TinyCPR.folder()
    let persons = (0..<20).map { index in
        TinyPerson(pnr: String(format: "%02d0161%04d", 1 + index % 28, 1000 + index), first: "Person\(index)", last: "Æblegård")
    }

    /// Every test runs in here: its files go when it ends.
    func withLoadedReplica(_ body: @escaping @Sendable (Database, Ingestor, [String: String]) async throws -> Void) async throws {
        defer { Shell.removeTemporary(folder) }
        try await TestPostgres.withDatabase { database in
            let ingestor = Ingestor(database: database, archive: Archive(directory: folder + "/archive"))
            let path = try TinyCPR.write(
                TinyCPR.file(persons, production: (2026, 1, 5), previous: nil), named: "extract.cpr", in: folder
            )
            _ = try await ingestor.ingest(path, kind: .full)
            try await body(database, ingestor, try await ReplicaDigest.compute(database))
        }
    }

    /// A valid change file for the loaded replica, as bytes to damage.
    func changeBytes() -> [UInt8] {
        var changed = persons
        for index in changed.indices { changed[index].last = "Changed" }
        return TinyCPR.file(changed, production: (2026, 1, 6), previous: (2026, 1, 5), events: true)
    }

    func expectRefused(
        _ bytes: [UInt8], kind: IngestKind = .change, mentioning words: [String],
        _ database: Database, _ ingestor: Ingestor, _ before: [String: String]
    ) async throws {
        let path = try TinyCPR.write(bytes, named: "bad-\(UUID().uuidString.prefix(8)).cpr", in: folder)
        await #expect {
            try await ingestor.ingest(path, kind: kind)
        } throws: { error in
            let text = "\(error)"
            return words.allSatisfy { text.contains($0) }
        }
        #expect(try await ReplicaDigest.compute(database) == before)
        let state = try await ReplicationStatus.read(database, staleAfterDays: 3)
        #expect(state.lastProductionDate == "2026-01-05")
        let leftovers = try await database.client.query(
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%\\_stage%' OR tablename LIKE '%\\_load%'", logger: database.logger
        ).decode(Int.self).collect()
        #expect(leftovers == [0])
    }

    @Test func truncatedFile() async throws {
        try await withLoadedReplica { database, ingestor, before in
            let bytes = changeBytes()
            try await expectRefused(Array(bytes.prefix(bytes.count / 2)), mentioning: ["bad-", "record"], database, ingestor, before)
        }
    }

    @Test func wrongEndCount() async throws {
        try await withLoadedReplica { database, ingestor, before in
            var text = String(decoding: changeBytes(), as: UTF8.self)
            let range = try #require(text.range(of: "9999999999", options: .backwards))
            let countStart = range.upperBound
            let countEnd = text.index(countStart, offsetBy: 8)
            let count = Int(text[countStart..<countEnd])!
            text.replaceSubrange(countStart..<countEnd, with: String(format: "%08d", count + 1))
            try await expectRefused(Array(text.utf8), mentioning: ["TAELLER"], database, ingestor, before)
        }
    }

    @Test func garbageRecord() async throws {
        try await withLoadedReplica { database, ingestor, before in
            var lines = String(decoding: changeBytes(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // Letters in a 002 KOMKOD (numeric) field.
            let index = try #require(lines.firstIndex { $0.hasPrefix("002") })
            var line = Array(lines[index].utf8)
            line.replaceSubrange(13..<17, with: Array("08a1".utf8))
            lines[index] = String(decoding: line, as: UTF8.self)
            try await expectRefused(Array(lines.joined(separator: "\n").utf8), mentioning: ["record \(index + 1)", "KOMKOD"], database, ingestor, before)
        }
    }

    @Test func unknownRecordType() async throws {
        try await withLoadedReplica { database, ingestor, before in
            var lines = String(decoding: changeBytes(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.insert("0770101611000" + String(repeating: "X", count: 20), at: 3)
            // Keep TAELLER right so the unknown type is what fails.
            let endIndex = try #require(lines.lastIndex { $0.hasPrefix("999") })
            let count = Int(lines[endIndex].dropFirst(13).prefix(8))!
            lines[endIndex] = "9999999999999" + String(format: "%08d", count + 1)
            try await expectRefused(Array(lines.joined(separator: "\n").utf8), mentioning: ["record 4", "077"], database, ingestor, before)
        }
    }

    @Test func fileCutMidRecordInFixedFraming() async throws {
        try await withLoadedReplica { database, ingestor, before in
            var changed = persons
            for index in changed.indices { changed[index].first = "Cut" }
            let bytes = TinyCPR.file(changed, production: (2026, 1, 6), previous: (2026, 1, 5), framing: .fixed)
            try await expectRefused(Array(bytes.prefix(bytes.count - 30)), mentioning: ["bad-"], database, ingestor, before)
        }
    }

    @Test func personWithoutPersonInformation() async throws {
        try await withLoadedReplica { database, ingestor, before in
            var lines = String(decoding: changeBytes(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeAll { $0.hasPrefix("001") && $0.contains("0501611004") }
            let endIndex = try #require(lines.lastIndex { $0.hasPrefix("999") })
            let count = Int(lines[endIndex].dropFirst(13).prefix(8))!
            lines[endIndex] = "9999999999999" + String(format: "%08d", count - 1)
            try await expectRefused(Array(lines.joined(separator: "\n").utf8), mentioning: ["001"], database, ingestor, before)
        }
    }

    @Test func fileInTheWrongOrder() async throws {
        try await withLoadedReplica { database, ingestor, before in
            let bytes = TinyCPR.file(persons.map { var p = $0; p.first = "Older"; return p }, production: (2026, 1, 4), previous: (2026, 1, 2))
            try await expectRefused(bytes, mentioning: ["2026-01-04"], database, ingestor, before)
        }
    }
}
