import CPRTestSupport
import Foundation
import Glibc
import Testing

/// Upstream names that fail or repeat: one bad name must not hold up the others, and a
/// duplicate must not be fetched again and again. HTTPS with a client certificate.
@Suite(.timeLimit(.minutes(6)))
struct DaemonUpstreamSkipTests {
    private func start(_ harness: SyncHarness, _ server: HTTPSFileServer, _ certificates: Certificates, deleteAfterApply: Bool) throws -> pid_t {
        try harness.startSync([
            "inbox_dir": "\(harness.folder)/inbox", "archive_dir": "\(harness.folder)/archive", "upstream_url": server.url,
            "upstream_tls_certificate": certificates.clientCertificate, "upstream_tls_key": certificates.clientKey,
            "upstream_tls_ca": certificates.ca, "upstream_delete_after_apply": deleteAfterApply ? "true" : "false",
        ], log: "\(harness.folder)/sync.log")
    }

    /// A delete the server refuses (501) for an applied file, and a README that is no CPR file,
    /// are skipped; later files are still fetched and applied in order.
    @Test func aRefusedDeleteAndANonCPRNameDoNotBlockLaterFiles() async throws {
        _ = try TestPostgres.serverURL()
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let certificates = try Certificates()
        defer { certificates.remove() }
        let outbox = try Shell.temporaryFolder("cprd-www")
        defer { Shell.removeTemporary(outbox) }
        let server = try await HTTPSFileServer(folder: outbox, certificates: certificates)
        server.refuseDeletes(of: harness.name(harness.extract))
        try harness.place([harness.extract, harness.changes[0]], in: outbox)
        let pid = try start(harness, server, certificates, deleteAfterApply: true)
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        _ = try await harness.waitForApplied(timeout: 30) { $0.count >= 2 }
        // Sorts before every CPR name, and never gets a 999 trailer.
        try "Files from CPR.\n".write(toFile: "\(outbox)/README.txt", atomically: true, encoding: .utf8)
        try harness.place(Array(harness.changes[1...]), in: outbox)
        let expected = ([harness.extract] + harness.changes).map(harness.name)
        let applied = try await harness.waitForApplied(timeout: 30) { $0.count >= expected.count }
        #expect(applied == expected)
        #expect(try harness.status() == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: outbox).sorted()
        #expect(left == ["README.txt", harness.name(harness.extract)])
        #expect(!FileManager.default.fileExists(atPath: "\(harness.folder)/inbox/README.txt"))
        // The README is recognised once, then left alone.
        try await Task.sleep(for: .seconds(1))
        #expect(server.downloads(of: "README.txt") == 1)
        let log = try String(contentsOfFile: "\(harness.folder)/sync.log", encoding: .utf8)
        #expect(log.contains("not a CPR file"))
        #expect(log.contains("upstream file failed; skipped this round"))
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
        await server.stop()
    }

    /// The same bytes under a second name: applied once, the copy is a no-op recognised by
    /// its hash, and it is fetched only once (not every poll) and removed upstream.
    @Test(arguments: [false, true])
    func aDuplicateUnderAnotherNameIsFetchedOnce(deleteAfterApply: Bool) async throws {
        _ = try TestPostgres.serverURL()
        let harness = try await SyncHarness(changes: 2)
        defer { harness.remove() }
        let certificates = try Certificates()
        defer { certificates.remove() }
        let outbox = try Shell.temporaryFolder("cprd-www")
        defer { Shell.removeTemporary(outbox) }
        let server = try await HTTPSFileServer(folder: outbox, certificates: certificates)
        try harness.place([harness.extract, harness.changes[0]], in: outbox)
        let copy = "copy-of-" + harness.name(harness.changes[0])
        try FileManager.default.copyItem(atPath: harness.changes[0].path, toPath: "\(outbox)/\(copy)")
        let pid = try start(harness, server, certificates, deleteAfterApply: deleteAfterApply)
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        let applied = try await harness.waitForApplied(timeout: 30) { $0.count >= 2 }
        #expect(applied.count == 2 && applied.first == harness.name(harness.extract))
        // Many poll rounds (every 0.3 s).
        try await Task.sleep(for: .seconds(3))
        let names = [harness.extract, harness.changes[0]].map(harness.name) + [copy]
        for name in names {
            #expect(server.downloads(of: name) == 1, "\(name)")
        }
        #expect(try await harness.applied().count == 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: outbox)
        #expect(deleteAfterApply ? left.isEmpty : left.count == 3, "\(left)")
        // A later file still follows.
        try harness.place([harness.changes[1]], in: outbox)
        #expect(try await harness.waitForApplied(timeout: 30) { $0.count >= 3 }.count == 3)
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 15) == 0)
        await server.stop()
    }
}
