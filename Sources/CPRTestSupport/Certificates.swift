import Foundation

/// A throwaway CA with a server certificate for 127.0.0.1 and localhost and a client
/// certificate, plus a "stranger" client certificate from another CA that servers must
/// refuse; made with the openssl tool at test time.
public struct Certificates: Sendable {
    public let folder: String
    public var ca: String { "\(folder)/ca.pem" }
    public var serverCertificate: String { "\(folder)/server.pem" }
    public var serverKey: String { "\(folder)/server.key" }
    public var clientCertificate: String { "\(folder)/client.pem" }
    public var clientKey: String { "\(folder)/client.key" }
    public var strangerCertificate: String { "\(folder)/stranger.pem" }
    public var strangerKey: String { "\(folder)/stranger.key" }

    /// One set for a whole test process, where tests need not tell theirs apart; removed when
    /// the process exits (Swift Testing has no global tear-down).
    public static let shared: Result<Certificates, any Error> = Result {
        let certificates = try Certificates()
        atexit { try? Certificates.shared.get().remove() }
        return certificates
    }

    /// A new set in a folder of its own; the test calls `remove()` when done with it.
    public init() throws {
        folder = try Shell.temporaryFolder("cprd-certs")
        do {
            try make()
        } catch {
            remove()
            throw error
        }
    }

    public func remove() { Shell.removeTemporary(folder) }

    private func make() throws {
        let openssl = "/usr/bin/openssl"
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for authority in ["ca", "otherca"] {
            try Shell.run(openssl, ["req", "-x509"] + ec + [
                "-keyout", "\(folder)/\(authority).key", "-out", "\(folder)/\(authority).pem", "-days", "2", "-subj", "/CN=cprd test \(authority)",
            ])
        }
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: "\(folder)/server.ext", atomically: true, encoding: .utf8)
        for (name, authority, extensions) in [("server", "ca", ["-extfile", "\(folder)/server.ext"]), ("client", "ca", []), ("stranger", "otherca", [])] {
            try Shell.run(openssl, ["req"] + ec + ["-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).csr", "-subj", "/CN=\(name)"])
            try Shell.run(openssl, [
                "x509", "-req", "-in", "\(folder)/\(name).csr", "-CA", "\(folder)/\(authority).pem", "-CAkey", "\(folder)/\(authority).key",
                "-CAcreateserial", "-out", "\(folder)/\(name).pem", "-days", "2",
            ] + extensions)
        }
    }
}
