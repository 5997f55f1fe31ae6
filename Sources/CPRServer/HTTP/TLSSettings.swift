import NIOSSL

/// The server's certificate and key (PEM files), and optionally the CA that issues client
/// certificates. Without a CA, any client certificate completes the handshake (it still
/// proves its key) and only registered fingerprints get further; with one, the chain must
/// verify as well.
public struct TLSSettings: Sendable {
    public var certificatePath: String
    public var keyPath: String
    public var clientCAPath: String?

    public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
    }

    /// A client certificate is required either way (`noHostnameVerification` makes
    /// BoringSSL fail the handshake without one).
    func configuration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem))
        )
        configuration.certificateVerification = .noHostnameVerification
        configuration.minimumTLSVersion = .tlsv12
        if let clientCAPath {
            configuration.trustRoots = .file(clientCAPath)
        }
        return configuration
    }

    /// Without a client CA, accept whatever certificate the client proves it holds.
    var pinsFingerprintsOnly: Bool { clientCAPath == nil }
}
