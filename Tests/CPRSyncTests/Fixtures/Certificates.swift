import Foundation

/// A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with
/// the openssl tool at test time.
struct Certificates {
    let folder: String
    var ca: String { "\(folder)/ca.pem" }
    var serverCertificate: String { "\(folder)/server.pem" }
    var serverKey: String { "\(folder)/server.key" }
    var clientCertificate: String { "\(folder)/client.pem" }
    var clientKey: String { "\(folder)/client.key" }

    init() throws {
        folder = try Shell.temporaryFolder("cprd-certs")
        let openssl = "/usr/bin/openssl"
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Shell.run(openssl, ["req", "-x509"] + ec + ["-keyout", "\(folder)/ca.key", "-out", ca, "-days", "2", "-subj", "/CN=cprd test CA"])
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: "\(folder)/server.ext", atomically: true, encoding: .utf8)
        for (name, extensions) in [("server", ["-extfile", "\(folder)/server.ext"]), ("client", [])] {
            try Shell.run(openssl, ["req"] + ec + ["-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).csr", "-subj", "/CN=\(name)"])
            try Shell.run(openssl, ["x509", "-req", "-in", "\(folder)/\(name).csr", "-CA", ca, "-CAkey", "\(folder)/ca.key",
                                    "-CAcreateserial", "-out", "\(folder)/\(name).pem", "-days", "2"] + extensions)
        }
    }
}
