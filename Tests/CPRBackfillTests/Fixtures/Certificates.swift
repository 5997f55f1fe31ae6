import Foundation

/// A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, plus a
/// client certificate from another CA that the server must refuse; made with openssl at test time.
struct Certificates: Sendable {
    let folder: String
    var ca: String { "\(folder)/ca.pem" }
    var serverCertificate: String { "\(folder)/server.pem" }
    var serverKey: String { "\(folder)/server.key" }
    var clientCertificate: String { "\(folder)/client.pem" }
    var clientKey: String { "\(folder)/client.key" }
    var strangerCertificate: String { "\(folder)/stranger.pem" }
    var strangerKey: String { "\(folder)/stranger.key" }

    static let shared: Result<Certificates, any Error> = Result { try Certificates() }

    private init() throws {
        folder = try Shell.temporaryFolder("cprd-backfill-certs")
        let openssl = "/usr/bin/openssl"
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for authority in ["ca", "otherca"] {
            try Shell.run(openssl, ["req", "-x509"] + ec + ["-keyout", "\(folder)/\(authority).key", "-out", "\(folder)/\(authority).pem", "-days", "2", "-subj", "/CN=cprd backfill test \(authority)"])
        }
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: "\(folder)/server.ext", atomically: true, encoding: .utf8)
        for (name, authority, extensions) in [("server", "ca", ["-extfile", "\(folder)/server.ext"]), ("client", "ca", []), ("stranger", "otherca", [])] {
            try Shell.run(openssl, ["req"] + ec + ["-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).csr", "-subj", "/CN=\(name)"])
            try Shell.run(openssl, ["x509", "-req", "-in", "\(folder)/\(name).csr", "-CA", "\(folder)/\(authority).pem", "-CAkey", "\(folder)/\(authority).key",
                                    "-CAcreateserial", "-out", "\(folder)/\(name).pem", "-days", "2"] + extensions)
        }
    }
}
