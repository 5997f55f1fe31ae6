import CPRIngest
@testable import CPRSync
import Foundation
import Testing

@Suite struct QueueTests {
    func file(_ name: String, _ date: String?, kind: IngestKind = .change, complete: Bool = true, age: TimeInterval = 0) -> PendingFile {
        PendingFile(
            name: name, path: "/inbox/\(name)", productionDate: date, previousProductionDate: nil, kind: kind,
            bytes: 100, modified: Date(timeIntervalSince1970: 1_000_000 - age), complete: complete
        )
    }

    @Test func backoffDoublesFromTwoSecondsUpToFiveMinutesAndResets() {
        var backoff = Backoff()
        let delays = (0..<10).map { _ in backoff.failed() }
        #expect(delays.prefix(5) == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32)])
        #expect(delays.last == .seconds(300))
        #expect(delays.allSatisfy { $0 <= .seconds(300) })
        backoff.succeeded()
        #expect(backoff.failed() == .seconds(2))
    }

    @Test func appliesInProductionDateOrderWithStatusExtractFirst() {
        var queue = ApplyQueue()
        let pending = [
            file("b", "2026-01-07"), file("a", "2026-01-06"), file("z-extract", "2026-01-05", kind: .full), file("c", "2026-01-05"),
        ]
        #expect(queue.next(pending: pending, lastFileID: nil, now: Date(timeIntervalSince1970: 1_000_000)) == .apply(pending[2]))
        let rest = Array(pending.prefix(2))
        #expect(queue.next(pending: rest, lastFileID: 1) == .apply(pending[1]))
    }

    @Test func skipsMetadataHiddenAndPartialNames() {
        #expect(PendingFile.isCandidate(name: "D170101.L123456.CPR"))
        #expect(!PendingFile.isCandidate(name: "D170101.L123456.CPR.metadata"))
        #expect(!PendingFile.isCandidate(name: ".D170101.part"))
        #expect(!PendingFile.isCandidate(name: "x.part"))
    }

    @Test func waitsForAFileWithoutTrailerButNotForever() {
        var queue = ApplyQueue(incompleteGrace: 600)
        let now = Date(timeIntervalSince1970: 1_000_000)
        let fresh = file("a", "2026-01-06", complete: false, age: 5)
        #expect(queue.next(pending: [fresh], lastFileID: 1, now: now) == .waitForCompletion(fresh))
        let old = file("a", "2026-01-06", complete: false, age: 700)
        #expect(queue.next(pending: [old], lastFileID: 1, now: now) == .apply(old))
    }

    @Test func aRejectionStopsTheQueueUntilTheInboxOrReplicaChanges() {
        var queue = ApplyQueue()
        let gap = file("c", "2026-01-08"), later = file("d", "2026-01-09")
        queue.rejected(gap, reason: "gap", isGap: true, pending: [gap, later], lastFileID: 7)
        guard case .stopped(let stop) = queue.next(pending: [gap, later], lastFileID: 7) else {
            Issue.record("expected the queue to stay stopped")
            return
        }
        #expect(stop.isGap && stop.file == "c")
        // The missing file arrives: the queue resumes with it, the earliest.
        let missing = file("b", "2026-01-07")
        #expect(queue.next(pending: [gap, later, missing], lastFileID: 7) == .apply(missing))
        #expect(queue.stop == nil)
        // An operator forced past it (the replica moved): resume too.
        queue.rejected(gap, reason: "gap", isGap: true, pending: [gap], lastFileID: 7)
        #expect(queue.next(pending: [gap], lastFileID: 8) == .apply(gap))
    }

    @Test func listingsFromNameListsAndIndexPages() {
        #expect(DirectoryListing.names(from: "a.cpr\r\nb.cpr\n\n.\n..\n") == ["a.cpr", "b.cpr"])
        let html = #"<a href="../">../</a><a href="x%20y.cpr">x y</a><a href='z.cpr'>z</a><a href="/abs/w">w</a><a href="?C=M">s</a>"#
        #expect(DirectoryListing.names(from: html) == ["x y.cpr", "z.cpr"])
    }

    @Test func upstreamURLsAreCheckedAndSFTPNeedsKnownHosts() throws {
        #expect(throws: UpstreamSourceError.self) { try UpstreamSource(url: "http://host/x/") }
        #expect(throws: UpstreamSourceError.self) { try UpstreamSource(url: "sftp://u@host/x/", sshPrivateKey: "/k") }
        let source = try UpstreamSource(url: "sftp://u@host:2222/~/out", sshPrivateKey: "/k", knownHosts: "/kh")
        #expect(source.url == "sftp://u@host:2222/~/out/")
        #expect(source.serverFolderPath == "out/")
        #expect(source.url(of: "a b.cpr") == "sftp://u@host:2222/~/out/a%20b.cpr")
    }

    @Test func trailerCheckSeesCutFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trailer-\(UUID().uuidString)").path
        defer { unlink(path) }
        try Data("000xxxx\n0010101010101 stuff\n999          00000001  \n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(Inbox.endsWithTrailer(path: path))
        try Data("000xxxx\n0010101010101 stuff\n99".utf8).write(to: URL(fileURLWithPath: path))
        #expect(!Inbox.endsWithTrailer(path: path))
    }
}
