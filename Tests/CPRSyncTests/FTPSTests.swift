import CPRStore
import CPRTestSupport
import Foundation
import Glibc
import Testing

/// `cprd sync` against a real FTPS server (vsftpd on loopback) that requires a client
/// certificate: implicit TLS (ftps://) and AUTH TLS (ftp://).
@Suite(.timeLimit(.minutes(6)))
struct FTPSTests {
    @Test(arguments: [true, false])
    func fetchesInOrderSkippingMetadataAndDeletesWhatItApplied(implicitTLS: Bool) async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let certificates = try Certificates()
        defer { certificates.remove() }
        let server = try FTPSServer(certificates: certificates, implicitTLS: implicitTLS)
        defer { server.shutDown() }
        let files = [harness.extract] + harness.changes
        try harness.place(files.reversed(), in: server.outbox, metadata: true)
        let pid = try harness.startSync([
            "inbox_dir": "\(harness.folder)/inbox", "archive_dir": "\(harness.folder)/archive", "upstream_url": server.url,
            "upstream_tls_certificate": certificates.clientCertificate, "upstream_tls_key": certificates.clientKey,
            "upstream_tls_ca": certificates.ca, "upstream_delete_after_apply": "true",
        ], log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        let expected = files.map(harness.name)
        let applied = try await harness.waitForApplied(timeout: 30) { $0.count >= expected.count }
        #expect(applied == expected, "\(server.log.suffix(2000))")
        #expect(try await harness.digest() == harness.referenceDigest(files))
        // Applied files and their companions are removed from the server.
        var left: [String] = []
        for _ in 0..<50 {
            left = try FileManager.default.contentsOfDirectory(atPath: server.outbox)
            if left.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(left.isEmpty, "\(left)")
        // Every session ran under TLS with the client certificate.
        #expect(server.log.contains("OK LOGIN"))
        kill(pid, SIGTERM)
        #expect(await Shell.waitExit(pid, timeout: 20) == 0)
    }

    @Test func aClientWithoutTheCertificateGetsNothing() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let certificates = try Certificates()
        defer { certificates.remove() }
        let other = try Certificates()
        defer { other.remove() }
        let server = try FTPSServer(certificates: certificates)
        defer { server.shutDown() }
        try harness.place([harness.extract], in: server.outbox)
        // A certificate from another CA: the server refuses the session.
        let pid = try harness.startSync([
            "inbox_dir": "\(harness.folder)/inbox", "archive_dir": "\(harness.folder)/archive", "upstream_url": server.url,
            "upstream_tls_certificate": other.clientCertificate, "upstream_tls_key": other.clientKey,
            "upstream_tls_ca": certificates.ca,
        ], log: "\(harness.folder)/sync.log")
        defer { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        try await Task.sleep(for: .seconds(3))
        #expect(try await harness.applied().isEmpty)
        let log = try String(contentsOfFile: "\(harness.folder)/sync.log", encoding: .utf8)
        #expect(log.contains("retrying") || log.contains("failed"), "\(log.suffix(1500))")
        #expect(!server.log.contains("OK LOGIN"))
    }
}
