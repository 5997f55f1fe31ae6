import CPRIngest
import CPRTestSupport
@testable import CPRSync
import Foundation
import Glibc
import Testing

/// Upstream transfers that fail: the daemon retries, never applies a partial file, and does
/// not mistake a batch it has only partly fetched for a gap. HTTPS with a client certificate
/// against a server that cuts chosen downloads halfway; SFTP against an sshd killed mid-download.
@Suite(.timeLimit(.minutes(6)))
struct DaemonTransferFailureTests {
    /// While a batch is unfinished, only the change file that follows the replica may go.
    @Test func whileABatchIsUnfinishedOnlyTheNextChangeFileIsApplied() {
        func file(_ kind: IngestKind, _ date: String, after previous: String?) -> PendingFile {
            PendingFile(name: date, path: "/inbox/\(date)", productionDate: date, previousProductionDate: previous,
                        kind: kind, bytes: 1, modified: Date(), complete: true)
        }
        let at5 = ReplicaPosition(lastProductionDate: "2026-01-05", lastFileID: 1)
        #expect(ApplyLoop.continues(at5, with: file(.change, "2026-01-06", after: "2026-01-05")))
        #expect(!ApplyLoop.continues(at5, with: file(.change, "2026-01-07", after: "2026-01-06")))
        #expect(!ApplyLoop.continues(at5, with: file(.change, "2026-01-05", after: "2026-01-05")))
        #expect(!ApplyLoop.continues(at5, with: file(.full, "2026-01-06", after: nil)))
        #expect(!ApplyLoop.continues(ReplicaPosition(), with: file(.change, "2026-01-06", after: "2026-01-05")))
        #expect(!ApplyLoop.continues(ReplicaPosition(), with: file(.full, "2026-01-05", after: nil)))
    }

    /// The fixture's two ways of cutting a download, seen from libcurl: a short body under a
    /// full Content-Length is an error; a close-delimited one looks whole but has no trailer.
    @Test func aCutDownloadFailsOrLacksItsTrailer() async throws {
        // The shared PostgreSQL first: started while Certificates' openssl pipe is open, it
        // would inherit the pipe and the read would never end.
        _ = try TestPostgres.serverURL()
        let certificates = try Certificates()
        defer { certificates.remove() }
        let folder = try Shell.temporaryFolder("cprd-www")
        defer { Shell.removeTemporary(folder) }
        let text = String(repeating: "001" + String(repeating: "x", count: 60) + "\n", count: 200) + "999          00000200\n"
        try text.write(toFile: "\(folder)/a.cpr", atomically: true, encoding: .utf8)
        let server = try await HTTPSFileServer(folder: folder, certificates: certificates)
        let source = try UpstreamSource(
            url: server.url, tlsCertificate: certificates.clientCertificate, tlsKey: certificates.clientKey, tlsCA: certificates.ca
        )
        let transfer = CurlTransfer(source: source)
        let downloads = try Shell.temporaryFolder("cprd-dl")
        defer { Shell.removeTemporary(downloads) }
        let target = downloads + "/a.part"
        server.cut("a.cpr", times: 1, .shortBody)
        await #expect(throws: TransferError.self) { try await transfer.download("a.cpr", to: target) }
        server.cut("a.cpr", times: 1, .unannounced)
        #expect(try await transfer.download("a.cpr", to: target) == text.utf8.count / 2)
        #expect(!Inbox.endsWithTrailer(path: target))
        #expect(try await transfer.download("a.cpr", to: target) == text.utf8.count)
        #expect(Inbox.endsWithTrailer(path: target))
        #expect(server.downloads(of: "a.cpr") == 3 && server.cutDownloads(of: "a.cpr") == 2)
        await server.stop()
    }

    @Test func httpsDownloadsCutMidTransferAreRetriedAndNoPartialFileIsApplied() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let certificates = try Certificates()
        defer { certificates.remove() }
        let outbox = try Shell.temporaryFolder("cprd-www")
        defer { Shell.removeTemporary(outbox) }
        let server = try await HTTPSFileServer(folder: outbox, certificates: certificates)
        let all = [harness.extract] + harness.changes
        try harness.place(all, in: outbox, metadata: true)
        // Twice with a short body, once with no length and no trailer; one of them the extract.
        let cuts = [(harness.changes[1], 2, HTTPSFileServer.Cut.shortBody), (harness.extract, 1, .unannounced)]
        for (file, times, how) in cuts { server.cut(harness.name(file), times: times, how) }
        let inbox = "\(harness.folder)/inbox", archive = "\(harness.folder)/archive"
        let log = "\(harness.folder)/sync.log"
        let pid = try harness.startSync([
            "inbox_dir": inbox, "archive_dir": archive, "upstream_url": server.url,
            "upstream_tls_certificate": certificates.clientCertificate, "upstream_tls_key": certificates.clientKey,
            "upstream_tls_ca": certificates.ca, "upstream_delete_after_apply": "true",
        ], log: log)
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        let expected = all.map(harness.name)
        let applied = try await harness.waitForApplied(timeout: 60) { $0.count >= expected.count }
        #expect(applied == expected)
        // Nothing rejected on the way (a partial file would be), and no temporary name applied.
        let ledger = try await harness.ledger()
        #expect(ledger.map(\.name) == expected && ledger.allSatisfy { $0.outcome == "applied" })
        for (file, times, _) in cuts {
            #expect(server.cutDownloads(of: harness.name(file)) == times)
            #expect(server.downloads(of: harness.name(file)) == times + 1)
        }
        let text = try String(contentsOfFile: log, encoding: .utf8)
        // Each cut download fails its name for that round only; the others go on.
        #expect(text.components(separatedBy: "msg=\"upstream file failed; skipped this round\"").count - 1 >= 3)
        #expect(text.contains("no 999 trailer"))
        #expect(text.components(separatedBy: "msg=\"fetched a file\"").count - 1 == expected.count)
        // The archive holds the whole files, byte for byte.
        let archived = try FileManager.default.contentsOfDirectory(atPath: archive).map { FileManager.default.contents(atPath: "\(archive)/\($0)") }
        #expect(Set(archived) == Set(all.map { FileManager.default.contents(atPath: $0.path) }))
        #expect(try await harness.digest() == harness.referenceDigest(all))
        // No leftovers: the inbox is empty (no .part) and the server has been emptied.
        var left: [String] = []
        for _ in 0..<100 {
            left = try FileManager.default.contentsOfDirectory(atPath: outbox)
            if left.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(left.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox).isEmpty)
        #expect(try harness.status() == 0)
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
        await server.stop()
    }

    /// A client certificate the server's CA did not issue is refused at the handshake: the
    /// daemon retries, fetches nothing, and picks up the right one on SIGHUP.
    @Test func aWrongClientCertificateIsRefusedUntilSIGHUPLoadsTheRightOne() async throws {
        let harness = try await SyncHarness(changes: 1)
        defer { harness.remove() }
        let certificates = try Certificates()
        defer { certificates.remove() }
        let stranger = try Certificates()
        defer { stranger.remove() }
        let outbox = try Shell.temporaryFolder("cprd-www")
        defer { Shell.removeTemporary(outbox) }
        let server = try await HTTPSFileServer(folder: outbox, certificates: certificates)
        let all = [harness.extract] + harness.changes
        try harness.place(all, in: outbox)
        let config = "\(harness.folder)/cprd.conf"
        func configure(_ client: Certificates) throws {
            try """
                upstream_url = \(server.url)
                upstream_tls_certificate = \(client.clientCertificate)
                upstream_tls_key = \(client.clientKey)
                upstream_tls_ca = \(certificates.ca)

                """.write(toFile: config, atomically: true, encoding: .utf8)
        }
        try configure(stranger)
        let inbox = "\(harness.folder)/inbox", log = "\(harness.folder)/sync.log"
        let pid = try harness.startSync(["config": config, "inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive"], log: log)
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        func failures() -> Int {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.components(separatedBy: "msg=\"upstream poll failed; retrying\"").count - 1
        }
        for _ in 0..<200 where failures() < 3 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(failures() >= 3)
        #expect(all.allSatisfy { server.downloads(of: harness.name($0)) == 0 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox).isEmpty)
        #expect(try await harness.ledger().isEmpty)
        try configure(certificates)
        kill(pid, SIGHUP)
        let applied = try await harness.waitForApplied(timeout: 60) { $0.count >= all.count }
        #expect(applied == all.map(harness.name))
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("msg=\"configuration reloaded\""))
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
        await server.stop()
    }

    /// sshd killed while the daemon downloads the extract, then started again on the same
    /// port: the partial download is discarded, the change files already fetched wait for it
    /// (no gap is reported), and all is applied. A relay in front of sshd holds the download
    /// midway, so the kill lands there without depending on timing.
    @Test func sftpServerKilledMidDownloadIsRetriedAndNoPartialFileIsApplied() async throws {
        let harness = try await SyncHarness(persons: 500, changes: 2)
        defer { harness.remove() }
        let server = try SSHServer()
        defer { server.shutDown() }
        let relay = try TCPRelay(to: server.port)
        defer { relay.stop() }
        let all = [harness.extract] + harness.changes
        try harness.place(all, in: server.outbox)
        // The host key as seen through the relay's port.
        let knownHosts = "\(harness.folder)/known_hosts"
        try String(contentsOfFile: server.knownHosts, encoding: .utf8)
            .replacingOccurrences(of: "]:\(server.port) ", with: "]:\(relay.port) ")
            .write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let url = server.url.replacingOccurrences(of: "@127.0.0.1:\(server.port)/", with: "@127.0.0.1:\(relay.port)/")
        // Only the extract (about 500 kB) brings this much; listings and change files are small.
        relay.hold(after: 200_000)
        let inbox = "\(harness.folder)/inbox", log = "\(harness.folder)/sync.log"
        let pid = try harness.startSync([
            "inbox_dir": inbox, "archive_dir": "\(harness.folder)/archive", "upstream_url": url,
            "upstream_ssh_private_key": server.clientKey, "upstream_ssh_known_hosts": knownHosts,
        ], log: log)
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        for _ in 0..<300 where !relay.holding { try await Task.sleep(for: .milliseconds(100)) }
        #expect(relay.holding)
        // The extract sorts last by name: the change files are in the inbox, the extract half in.
        #expect(FileManager.default.fileExists(atPath: "\(inbox)/.\(harness.name(harness.extract)).part"))
        // sshd puts each connection in a session of its own: kill those too, as a dying host would.
        let sessions = Self.descendants(of: server.pid)
        server.stop()
        for session in sessions { kill(session, SIGKILL) }
        relay.dropAll()
        func occurrences(_ text: String) -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: text).count - 1
        }
        // The cut download fails, then connecting fails while the server is down.
        for _ in 0..<200 where occurrences("msg=\"upstream poll failed; retrying\"") < 2 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(occurrences("msg=\"upstream poll failed; retrying\"") >= 2)
        #expect(occurrences("error=\"download \(url)\(harness.name(harness.extract))") == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox).sorted() == harness.changes.map(harness.name))
        #expect(try await harness.ledger().isEmpty)
        try server.start()
        let applied = try await harness.waitForApplied(timeout: 60) { $0.count >= all.count }
        #expect(applied == all.map(harness.name))
        #expect(try await harness.ledger().allSatisfy { $0.outcome == "applied" })
        #expect(occurrences("msg=\"fetched a file\"") == all.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox).isEmpty)
        #expect(try await harness.digest() == harness.referenceDigest(all))
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
    }

    /// Every process descended from `root`, from /proc.
    static func descendants(of root: pid_t) -> [pid_t] {
        var parents: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (name) ": state, then the parent's id.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[pid] = parent }
        }
        var found: [pid_t] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            let children = parents.filter { $0.value == next }.map(\.key)
            found += children
            frontier += children
        }
        return found
    }
}
