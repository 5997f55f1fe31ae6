import CPRRuntime
import Foundation

/// An upstream HTTPS service and the client certificate that proves who we are to it.
public struct ServiceEndpoint: Sendable {
    public struct TLS: Sendable {
        public var certificate: String?
        public var key: String?
        /// Trust anchors for the server's certificate; the system's when nil.
        public var certificateAuthority: String?
        public var keyPassphrase: String?

        public init(certificate: String? = nil, key: String? = nil, certificateAuthority: String? = nil, keyPassphrase: String? = nil) {
            self.certificate = certificate
            self.key = key
            self.certificateAuthority = certificateAuthority
            self.keyPassphrase = keyPassphrase
        }
    }

    public var url: String
    public var tls: TLS
    public var timeoutSeconds: Int

    public init(url: String, tls: TLS, timeoutSeconds: Int = 30) {
        self.url = url
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
    }

    /// Only https: the services carry person data and need the client certificate.
    static func checked(_ url: String, key: String, configuration: Configuration, tls: TLS) throws(ConfigurationError) -> ServiceEndpoint {
        guard let components = URLComponents(string: url), components.scheme == "https", components.host != nil else {
            throw ConfigurationError(
                key: key, source: configuration[key]?.source ?? .defaultValue, problem: "must be an https:// URL, got \"\(url)\""
            )
        }
        return ServiceEndpoint(url: url, tls: tls)
    }
}
