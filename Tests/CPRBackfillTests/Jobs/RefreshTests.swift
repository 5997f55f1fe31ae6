@testable import CPRBackfill
import CPRStore
import Foundation
import Testing

/// `refresh` against a real HTTPS single-person source that requires our client certificate.
@Suite struct RefreshTests {
    /// The fetched persons wait in the shared temporary folder: only this user may read
    /// them, from the first byte on, and a name already taken (a planted link) is refused.
    @Test func theFileOfFetchedPersonsIsPrivateAndNeverFollowsALink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-refresh-mode-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let previous = umask(0o022)
        defer { umask(previous) }

        let path = folder + "/persons.cpr"
        try RefreshJob.writePrivately(Array("001 records".utf8), to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(FileManager.default.contents(atPath: path) == Data("001 records".utf8))

        let target = folder + "/elsewhere"
        let link = folder + "/planted.cpr"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: (any Error).self) { try RefreshJob.writePrivately(Array("x".utf8), to: link) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    /// A 910 error record, as CPR answers a request it refuses.
    static func errorRecord(_ pnr: String) -> String {
        "910" + pnr + String(repeating: " ", count: 75) + "0005" + "PNR findes ikke i CPR"
    }

    @Test func refreshAppliesCurrentRecordsAndCountsTheErrorAnswers() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 300, seed: 91, changes: 2, apply: 1)
        defer { replica.remove() }
        let changed = try Replica.persons(in: replica.files[1])
        let known = Set(try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person", logger: Replica.logger).decode(String.self).collect()
        })
        let targets = changed.filter { known.contains($0) }.prefix(2)
        try #require(targets.count == 2)
        let (lines, whole) = (targets.first!, targets.last!)
        let linesRecords = try Replica.records(of: lines, in: replica.files[1])
        let wholeRecords = try Replica.records(of: whole, in: replica.files[1])
        server.setPerson(lines, .records(latin1(linesRecords.joined(separator: "\r\n") + "\r\n")))
        // A whole file: 000, the records, 999 with the count.
        let start = "000" + "0000000000" + "000000" + "20260110" + "00000000"
        let end = "999" + "9999999999" + String(format: "%08d", wholeRecords.count)
        server.setPerson(whole, .records(latin1(([start] + wholeRecords + [end]).joined(separator: "\n"))))
        let unknown = "0101010000", refused = "0202020000"
        server.setPerson(refused, .records(Array(Self.errorRecord(refused).utf8)))
        let stateBefore: String? = try await replica.scalar("SELECT row(last_production_date, last_file_id)::text FROM replication_state")

        let id = try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: [lines, unknown, whole, refused]))
        try await replica.runWorker(server.workerSettings(certificates))
        let job = try await replica.job(id)
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        #expect(job.result == "refreshed 2 of 4 persons; 1 unknown upstream, 1 refused")
        #expect(job.done == 4 && job.total == 4)
        for (pnr, records) in [(lines, linesRecords), (whole, wholeRecords)] {
            let stored: String? = try await replica.scalar("SELECT records FROM person_raw WHERE pnr = '\(pnr)'")
            #expect(stored == records.joined(separator: "\n"))
        }
        #expect(try await replica.scalar("SELECT count(*) FROM person_change WHERE file_id IS NULL AND pnr IN ('\(lines)', '\(whole)')") == 2)
        #expect(try await replica.scalar("SELECT count(*) FROM person WHERE pnr IN ('\(unknown)', '\(refused)')") == 0)
        // Outside the file chain: no ledger row, no new production date.
        #expect(try await replica.scalar("SELECT row(last_production_date, last_file_id)::text FROM replication_state") == stateBefore)
        #expect(try await replica.scalar("SELECT count(*) FROM ingest_file") == 1)
        #expect(server.requests(for: lines) == 1)
    }

    @Test func aFailingSourceIsRetriedBoundedThenTheJobFailsWithItsError() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 100, seed: 92, changes: 0)
        defer { replica.remove() }
        let pnr: String = try #require(try await replica.scalar("SELECT min(pnr) FROM person"))
        server.setPerson(pnr, .status(503))
        let before = try await replica.digest()
        let id = try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: [pnr]), maxAttempts: 3)
        try await replica.runWorker(server.workerSettings(certificates))
        let job = try await replica.job(id)
        #expect(job.state == .failed)
        #expect(job.attempts == 3)
        #expect(job.error?.contains("attempt 3 of 3") == true && job.error?.contains("HTTP 503") == true, "\(job.error ?? "")")
        #expect(job.error?.contains(pnr) == false)
        #expect(server.requests(for: pnr) == 3)
        #expect(try await replica.digest() == before)
    }

    @Test func anAnswerAboutAnotherPersonChangesNothing() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 100, seed: 93, changes: 0)
        defer { replica.remove() }
        let pnrs = try await replica.withDatabase { database in
            try await database.client.query("SELECT pnr FROM person ORDER BY pnr LIMIT 2", logger: Replica.logger).decode(String.self).collect()
        }
        let other = try Replica.records(of: pnrs[1], in: replica.files[0])
        server.setPerson(pnrs[0], .records(latin1(other.joined(separator: "\n"))))
        let before = try await replica.digest()
        let id = try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: [pnrs[0]]), maxAttempts: 1)
        try await replica.runWorker(server.workerSettings(certificates))
        let job = try await replica.job(id)
        #expect(job.state == .failed)
        #expect(job.error?.contains("records of another person") == true, "\(job.error ?? "")")
        #expect(try await replica.digest() == before)
    }

    @Test func aClientCertificateFromAnotherAuthorityIsRefused() async throws {
        let (server, certificates) = try await UpstreamServer.started()
        defer { Task { await server.stop() } }
        let replica = try await Replica.make(persons: 50, seed: 94, changes: 0)
        defer { replica.remove() }
        let pnr: String = try #require(try await replica.scalar("SELECT min(pnr) FROM person"))
        server.setPerson(pnr, .records(latin1(try Replica.records(of: pnr, in: replica.files[0]).joined(separator: "\n"))))
        let id = try await replica.enqueue(.refresh, JobArguments.Refresh(pnrs: [pnr]), maxAttempts: 1)
        try await replica.runWorker(server.workerSettings(certificates, stranger: true))
        let job = try await replica.job(id)
        #expect(job.state == .failed)
        #expect(job.error?.contains("upstream") == true, "\(job.error ?? "")")
        #expect(server.requests(for: pnr) == 0)
    }
}
