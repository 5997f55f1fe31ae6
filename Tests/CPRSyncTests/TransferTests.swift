@testable import CPRSync
import Foundation
import Testing
import CPRTestSupport

/// libcurl against real servers on loopback: OpenSSH's SFTP and an HTTPS server that
/// requires a client certificate.
@Suite struct TransferTests {
    @Test func sftpListsDownloadsAndDeletesWithKeyAndKnownHosts() async throws {
        let server = try SSHServer()
        defer { server.shutDown() }
        try "999          00000000\n".write(toFile: "\(server.outbox)/a.cpr", atomically: true, encoding: .utf8)
        try "x".write(toFile: "\(server.outbox)/a.cpr.metadata", atomically: true, encoding: .utf8)
        let source = try UpstreamSource(url: server.url, sshPrivateKey: server.clientKey, knownHosts: server.knownHosts)
        let transfer = CurlTransfer(source: source)
        #expect(try await transfer.list().sorted() == ["a.cpr", "a.cpr.metadata"])
        let downloads = try Shell.temporaryFolder("cprd-dl")
        defer { Shell.removeTemporary(downloads) }
        let target = downloads + "/a.part"
        #expect(try await transfer.download("a.cpr", to: target) == 22)
        #expect(Inbox.endsWithTrailer(path: target))
        try await transfer.delete("a.cpr")
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.outbox).isEmpty)
    }

    @Test func sftpRefusesAnUnknownHostKey() async throws {
        let server = try SSHServer()
        defer { server.shutDown() }
        let otherKnownHosts = server.folder + "/other_known_hosts"
        try "[127.0.0.1]:\(server.port) ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
            .write(toFile: otherKnownHosts, atomically: true, encoding: .utf8)
        let source = try UpstreamSource(url: server.url, sshPrivateKey: server.clientKey, knownHosts: otherKnownHosts)
        await #expect(throws: TransferError.self) { try await CurlTransfer(source: source).list() }
    }

    @Test func httpsWithClientCertificate() async throws {
        let certificates = try Certificates()
        defer { certificates.remove() }
        let folder = try Shell.temporaryFolder("cprd-www")
        defer { Shell.removeTemporary(folder) }
        try "999          00000000\n".write(toFile: "\(folder)/b c.cpr", atomically: true, encoding: .utf8)
        let server = try await HTTPSFileServer(folder: folder, certificates: certificates)
        let source = try UpstreamSource(
            url: server.url, tlsCertificate: certificates.clientCertificate, tlsKey: certificates.clientKey, tlsCA: certificates.ca
        )
        let transfer = CurlTransfer(source: source)
        #expect(try await transfer.list() == ["b c.cpr"])
        let downloads = try Shell.temporaryFolder("cprd-dl")
        defer { Shell.removeTemporary(downloads) }
        let target = downloads + "/b.part"
        #expect(try await transfer.download("b c.cpr", to: target) == 22)
        // Without a client certificate the server refuses the handshake.
        let anonymous = try UpstreamSource(url: server.url, tlsCA: certificates.ca)
        await #expect(throws: TransferError.self) { try await CurlTransfer(source: anonymous).list() }
        // And a server whose certificate the CA did not issue is refused by us.
        let untrusting = try UpstreamSource(url: server.url, tlsCertificate: certificates.clientCertificate, tlsKey: certificates.clientKey)
        await #expect(throws: TransferError.self) { try await CurlTransfer(source: untrusting).list() }
        await server.stop()
    }
}
