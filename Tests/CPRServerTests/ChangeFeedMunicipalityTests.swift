import CPRFormat
import CPRIngest
import CPRServer
import CPRStore
import CPRTestSupport
import Foundation
import PostgresNIO
import Testing

/// GET /v1/changes for an agreement limited to one municipality: it must also hear of persons
/// who left it (moved, died, refreshed elsewhere, purged), not only of those who live there now.
@Suite struct ChangeFeedMunicipalityTests {
    static let municipality = "0851"
    static let elsewhere = "0101"

    static let movedOut = "0101701111"
    static let movedIn = "0202702222"
    static let died = "0303703333"
    static let purged = "0404704444"
    static let neverThere = "0505705555"
    static let refreshedAway = "0606706666"
    static let stayed = "0707707777"

    /// A person as a CPR file states them: a current address only while alive.
    struct Stated {
        var pnr: String
        var municipality: String?
        var status = "01"
        var last = "Hansen"
    }

    /// A status extract, then a change file, on a fresh database; returns its URL.
    static func arrange() async throws -> DatabaseURL {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-feed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let extract = try write(file([
            Stated(pnr: movedOut, municipality: municipality),
            Stated(pnr: movedIn, municipality: elsewhere),
            Stated(pnr: died, municipality: municipality),
            Stated(pnr: purged, municipality: municipality),
            Stated(pnr: neverThere, municipality: elsewhere),
            Stated(pnr: refreshedAway, municipality: municipality),
            Stated(pnr: stayed, municipality: municipality),
        ], production: (2026, 1, 5), previous: nil), to: folder + "/extract.cpr")
        let change = try write(file([
            Stated(pnr: movedOut, municipality: elsewhere),
            Stated(pnr: movedIn, municipality: municipality),
            Stated(pnr: died, municipality: nil, status: "90"),
            Stated(pnr: neverThere, municipality: elsewhere, last: "Jensen"),
            Stated(pnr: stayed, municipality: municipality, last: "Jensen"),
        ], production: (2026, 1, 6), previous: (2026, 1, 5)), to: folder + "/change.cpr")
        try await Database.run(url, maximumConnections: 8, logger: Population.logger) { database async throws in
            let ingestor = Ingestor(database: database, archive: nil)
            #expect(try await ingestor.ingest(extract, kind: .full).outcome == .applied)
            #expect(try await ingestor.ingest(change, kind: .change).outcome == .applied)
        }
        return url
    }

    @Test func aLimitedAgreementHearsOfEveryoneWhoLivedInItsMunicipality() async throws {
        let url = try await Self.arrange()
        try await Self.refresh(Stated(pnr: Self.refreshedAway, municipality: Self.elsewhere), in: url)
        try await Self.purge(keeping: [Self.movedOut, Self.movedIn, Self.died, Self.neverThere, Self.refreshedAway, Self.stayed], in: url)
        let (limited, everything, recorded) = try await Database.run(url, maximumConnections: 2, logger: Population.logger) { database async throws in
            let recorded = try await database.client.query(
                "SELECT pnr, municipalities::text FROM person_change WHERE pnr IS NOT NULL ORDER BY seq", logger: Population.logger
            ).decode((String, String?).self).collect()
            return (
                try await Grant.make([.changes], municipalities: [Self.municipality], on: database),
                try await Grant.make([.changes], on: database),
                recorded.map { "\($0.0) \($0.1 ?? "NULL")" }
            )
        }
        // Before and after each change; a purge has only before.
        #expect(recorded == [
            "\(Self.movedOut) {0851,0101}", "\(Self.movedIn) {0101,0851}", "\(Self.died) {0851}",
            "\(Self.neverThere) {0101}", "\(Self.stayed) {0851}",
            "\(Self.refreshedAway) {0851,0101}",
            "\(Self.purged) {0851}",
        ])
        try await TestServer.run(url) { server async throws in
            let seen = try await Self.feed(server, as: limited)
            #expect(seen.first == .some(nil), "the status extract is a full reload for every agreement")
            #expect(seen.contains(Self.movedOut), "moved out of the municipality")
            #expect(seen.contains(Self.movedIn), "moved into the municipality")
            #expect(seen.contains(Self.died), "died there, so has no address now")
            #expect(seen.contains(Self.refreshedAway), "a refresh moved them out")
            #expect(seen.contains(Self.purged), "purged while living there")
            #expect(seen.contains(Self.stayed))
            #expect(!seen.contains(Self.neverThere), "changed, but never lived there")
            #expect(seen == [nil, Self.movedOut, Self.movedIn, Self.died, Self.stayed, Self.refreshedAway, Self.purged])

            let all = try await Self.feed(server, as: everything)
            #expect(all == [nil, Self.movedOut, Self.movedIn, Self.died, Self.neverThere, Self.stayed, Self.refreshedAway, Self.purged])
        }
    }

    @Test func rowsWrittenBeforeMunicipalitiesWereRecordedGoByWhereThePersonLivesNow() async throws {
        let url = try await Self.arrange()
        let limited = try await Database.run(url, maximumConnections: 2, logger: Population.logger) { database async throws in
            try await database.client.query("UPDATE person_change SET municipalities = NULL", logger: Population.logger)
            return try await Grant.make([.changes], municipalities: [Self.municipality], on: database)
        }
        try await TestServer.run(url) { server async throws in
            #expect(try await Self.feed(server, as: limited) == [nil, Self.movedIn, Self.stayed])
        }
    }

    /// Every PNR of the feed in order, nil for a full reload.
    static func feed(_ server: Endpoint, as grant: Grant) async throws -> [String?] {
        let reply = try await server.send(.get, "/v1/changes", as: grant)
        #expect(reply.status == 200, "\(reply.text)")
        let changes = try #require(reply.object["changes"] as? [[String: Any]])
        return changes.map { $0["pnr"] as? String }
    }

    /// Replaces the person as a refresh from the single-person source does.
    static func refresh(_ person: Stated, in url: DatabaseURL) async throws {
        let path = try write(file([person], production: (2026, 1, 6), previous: nil),
                             to: FileManager.default.temporaryDirectory.appendingPathComponent("cprd-feed-\(UUID().uuidString).cpr").path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Database.run(url, maximumConnections: 8, logger: Population.logger) { database async throws in
            let replacement = PersonReplacement(database: database, stagingSuffix: "_feed_test")
            #expect(try await replacement.apply(path, displayName: "refresh", alongside: { _ in }) == 1)
        }
    }

    /// Subscribes `keeping` and runs a purge job with the `cprd` binary, as an operator would.
    static func purge(keeping: [String], in url: DatabaseURL) async throws {
        let database = ["--database-url", CPRDBinary.urlText(url)]
        for arguments in [
            ["subscriptions", "add"] + keeping,
            ["backfill", "enqueue", "purge", "--execute", "--expect", "1000000"],
            ["backfill", "worker", "--once"],
        ] {
            let run = try await CPRDBinary.run(arguments + database)
            try #require(run.status == 0, "cprd \(arguments.joined(separator: " ")): \(run.errors)")
        }
    }

    static func file(_ persons: [Stated], production: (Int, Int, Int), previous: (Int, Int, Int)?) -> [UInt8] {
        var writer = RecordFileWriter(framing: .lines, opgavenr: 110901, proddto: production, proddtoForrig: previous)
        for person in persons {
            var r001 = RecordWriter(type: .personInformation)
            r001.set("PNR", person.pnr)
            r001.set("STATUS", person.status)
            r001.set("STATUSHAENSTART", "200101011200")
            r001.set("KOEN", Int(person.pnr.suffix(1))! % 2 == 1 ? "M" : "K")
            r001.set("FOED_DT", "1970-01-01")
            writer.append(r001)
            if let code = person.municipality {
                var r002 = RecordWriter(type: .currentAddress)
                r002.set("PNR", person.pnr)
                r002.set("KOMKOD", code)
                r002.set("VEJKOD", "1234")
                r002.set("HUSNR", "012")
                r002.set("TILFLYDTO", "201005011200")
                writer.append(r002)
            }
            var r008 = RecordWriter(type: .currentName)
            r008.set("PNR", person.pnr)
            r008.set("FORNVN", "Søren")
            r008.set("EFTERNVN", person.last)
            r008.set("ADRNVN", "\(person.last),Søren")
            writer.append(r008)
        }
        writer.finish()
        return writer.bytes
    }

    static func write(_ bytes: [UInt8], to path: String) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
