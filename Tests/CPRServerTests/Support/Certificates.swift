import CPRTestSupport
import Foundation

/// A CA, a server certificate for localhost/127.0.0.1 and client certificates, made with
/// `openssl` in a temporary folder for one test.
struct Certificates {
    let folder: String
    var caCertificate: String { folder + "/ca.pem" }
    var serverCertificate: String { folder + "/server.pem" }
    var serverKey: String { folder + "/server.key" }
    /// Issued by the CA.
    var clientCertificate: String { folder + "/client.pem" }
    var clientKey: String { folder + "/client.key" }
    /// Self-signed: not from the CA.
    var strangerCertificate: String { folder + "/stranger.pem" }
    var strangerKey: String { folder + "/stranger.key" }

    static func make() async throws -> Certificates {
        try await offThePool { try makeNow() }
    }

    private static func makeNow() throws -> Certificates {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificates = Certificates(folder: folder)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + key + ["-keyout", folder + "/ca.key", "-out", folder + "/ca.pem", "-days", "2",
                                              "-subj", "/CN=cprd test CA"])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: folder + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: folder + "/client.ext", atomically: true, encoding: .utf8)
        for (name, subject) in [("server", "/CN=localhost"), ("client", "/CN=case system")] {
            try openssl(["req"] + key + ["-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).csr", "-subj", subject])
            try openssl(["x509", "-req", "-in", "\(folder)/\(name).csr", "-CA", folder + "/ca.pem", "-CAkey", folder + "/ca.key",
                         "-CAcreateserial", "-out", "\(folder)/\(name).pem", "-days", "2", "-extfile", "\(folder)/\(name).ext"])
        }
        try openssl(["req", "-x509"] + key + ["-keyout", folder + "/stranger.key", "-out", folder + "/stranger.pem", "-days", "2",
                                              "-subj", "/CN=stranger"])
        return certificates
    }

    /// `openssl x509 -fingerprint -sha256` of a certificate, as an operator would copy it.
    static func fingerprint(_ path: String) async throws -> String {
        try await offThePool { try openssl(["x509", "-noout", "-fingerprint", "-sha256", "-in", path]).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @discardableResult
    static func openssl(_ arguments: [String]) throws -> String {
        try Shell.run("/usr/bin/openssl", arguments)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
