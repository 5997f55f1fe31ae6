import CPRServer
import Foundation
import HTTPTypes
import NIOSSL
import Testing

@Suite struct TLSTests {
    static func client(_ certificates: Certificates, certificate: String?, key: String?) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(certificates.caCertificate)
        if let certificate, let key {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        return tls
    }

    @Test func aRegisteredClientCertificateIdentifiesTheSystem() async throws {
        let certificates = try await Certificates.make()
        defer { certificates.remove() }
        let population = try await Population.get()
        let fingerprint = try await Certificates.fingerprint(certificates.clientCertificate)
        let grant = try await population.withDatabase { try await Grant.make([.lookup], fingerprint: fingerprint, on: $0) }
        let other = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        let transport = ServerSettings.Transport.tls(TLSSettings(
            certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey, clientCAPath: certificates.caCertificate
        ))
        try await TestServer.run(population.url, transport: transport) { server async throws in
            let tls = try Self.client(certificates, certificate: certificates.clientCertificate, key: certificates.clientKey)
            let agreement = HTTPField.Name("X-Service-Agreement")!
            let call = callID("tls")
            let reply = try await server.send(
                .get, "/v1/persons/\(population.active[0])",
                headers: [agreement: grant.agreement.uuidString, .init("X-Call-Id")!: call], tls: tls
            )
            #expect(reply.status == 200, "the certificate names the system: no X-User-System needed")
            #expect(reply.object["pnr"] as? String == population.active[0])

            let claimed = try await server.send(
                .get, "/v1/persons/\(population.active[0])",
                headers: [agreement: grant.agreement.uuidString, .init("X-User-System")!: other.system.uuidString], tls: tls
            )
            #expect(claimed.status == 403, "X-User-System cannot override the certificate")

            let borrowed = try await server.send(
                .get, "/v1/persons/\(population.active[0])", headers: [agreement: other.agreement.uuidString], tls: tls
            )
            #expect(borrowed.status == 403, "another system's agreement")

            try await population.withDatabase { database async throws in
                let rows = try await AuditTests.rows(callID: call, in: database)
                #expect(rows.first?.system == grant.system.uuidString.lowercased())
            }
        }
    }

    @Test func aClientWithoutACertificateOrWithAStrangersIsRefused() async throws {
        let certificates = try await Certificates.make()
        defer { certificates.remove() }
        let population = try await Population.get()
        let transport = ServerSettings.Transport.tls(TLSSettings(
            certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey, clientCAPath: certificates.caCertificate
        ))
        try await TestServer.run(population.url, transport: transport) { server async throws in
            let anonymous = try Self.client(certificates, certificate: nil, key: nil)
            await #expect(throws: (any Error).self, "no client certificate: the handshake fails") {
                _ = try await server.send(.get, "/healthz", tls: anonymous)
            }
            let stranger = try Self.client(certificates, certificate: certificates.strangerCertificate, key: certificates.strangerKey)
            await #expect(throws: (any Error).self, "a certificate from another CA: the handshake fails") {
                _ = try await server.send(.get, "/healthz", tls: stranger)
            }
            let plain = try? await server.send(.get, "/healthz")
            #expect(plain?.status != 200, "no plain HTTP on a TLS port")
            let member = try Self.client(certificates, certificate: certificates.clientCertificate, key: certificates.clientKey)
            #expect(try await server.send(.get, "/healthz", tls: member).status == 200)
        }
    }

    @Test func withoutAClientCAOnlyRegisteredFingerprintsGetIn() async throws {
        let certificates = try await Certificates.make()
        defer { certificates.remove() }
        let population = try await Population.get()
        let fingerprint = try await Certificates.fingerprint(certificates.strangerCertificate)
        let grant = try await population.withDatabase { try await Grant.make([.lookup], fingerprint: fingerprint, on: $0) }
        let transport = ServerSettings.Transport.tls(TLSSettings(
            certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey
        ))
        try await TestServer.run(population.url, transport: transport) { server async throws in
            let agreement: HTTPFields = [.init("X-Service-Agreement")!: grant.agreement.uuidString]
            let pinned = try Self.client(certificates, certificate: certificates.strangerCertificate, key: certificates.strangerKey)
            #expect(try await server.send(.get, "/v1/persons/\(population.active[0])", headers: agreement, tls: pinned).status == 200)
            let unregistered = try Self.client(certificates, certificate: certificates.clientCertificate, key: certificates.clientKey)
            let refused = try await server.send(.get, "/v1/persons/\(population.active[0])", headers: agreement, tls: unregistered)
            #expect(refused.status == 403)
            #expect(refused.text.contains("not registered"))
        }
    }
}
