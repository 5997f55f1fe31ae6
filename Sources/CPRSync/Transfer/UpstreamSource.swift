import Foundation

/// One upstream server the daemon polls: SFTP (key and known hosts), FTPS or HTTPS with a
/// client certificate. `url` names a folder (`sftp://user@host:22/out/`,
/// `ftps://host/out/`, `https://host/cpr/`).
public struct UpstreamSource: Sendable, Equatable {
    public enum Scheme: String, Sendable {
        case sftp, ftps, https
        /// `ftp://` is only accepted as explicit TLS (AUTH TLS), never as plain FTP.
        case ftpExplicitTLS = "ftp"
    }

    public var url: String
    public var scheme: Scheme
    /// SFTP: private key file, its public key (optional with OpenSSH keys), passphrase, known_hosts.
    public var sshPrivateKey: String?
    public var sshPublicKey: String?
    public var keyPassphrase: String?
    public var knownHosts: String?
    /// FTPS / HTTPS: client certificate and key (PEM), and the CA that issued the server's certificate.
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var tlsCA: String?
    /// Remove a file (and its `.metadata`) upstream once it is applied and archived.
    public var deleteAfterApply: Bool
    /// Bytes per second, 0 = unlimited: keeps a large initial load from filling a thin line.
    public var maximumBytesPerSecond: Int
    public var connectTimeoutSeconds: Int

    public init(
        url: String, sshPrivateKey: String? = nil, sshPublicKey: String? = nil, keyPassphrase: String? = nil,
        knownHosts: String? = nil, tlsCertificate: String? = nil, tlsKey: String? = nil, tlsCA: String? = nil,
        deleteAfterApply: Bool = false, maximumBytesPerSecond: Int = 0, connectTimeoutSeconds: Int = 30
    ) throws(UpstreamSourceError) {
        guard let parsed = URLComponents(string: url), let rawScheme = parsed.scheme?.lowercased(),
              let scheme = Scheme(rawValue: rawScheme), parsed.host?.isEmpty == false
        else {
            throw UpstreamSourceError(problem: "upstream_url must be an sftp://, ftps:// (or ftp:// with TLS) or https:// folder URL with a host")
        }
        self.url = url.hasSuffix("/") ? url : url + "/"
        self.scheme = scheme
        self.sshPrivateKey = sshPrivateKey
        self.sshPublicKey = sshPublicKey
        self.keyPassphrase = keyPassphrase
        self.knownHosts = knownHosts
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.tlsCA = tlsCA
        self.deleteAfterApply = deleteAfterApply
        self.maximumBytesPerSecond = maximumBytesPerSecond
        self.connectTimeoutSeconds = connectTimeoutSeconds
        if scheme == .sftp {
            guard sshPrivateKey != nil else { throw UpstreamSourceError(problem: "SFTP needs upstream_ssh_private_key") }
            // Without known hosts libcurl would accept any server: refuse to run that way.
            guard knownHosts != nil else { throw UpstreamSourceError(problem: "SFTP needs upstream_ssh_known_hosts") }
        }
    }

    /// The URL of a file in the folder.
    public func url(of name: String) -> String {
        url + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? name)
    }

    /// The folder's path as the server sees it, for SFTP `rm`: `/~/x/` is relative to home.
    var serverFolderPath: String {
        let path = URLComponents(string: url)?.percentEncodedPath.removingPercentEncoding ?? "/"
        if path.hasPrefix("/~/") { return String(path.dropFirst(3)) }
        return path
    }

    /// The folder's path for FTP commands, which run before curl changes into the folder:
    /// an ftp:// URL's path is relative to the login folder (RFC 1738), made absolute by a
    /// leading `%2F`.
    var ftpFolderPath: String {
        let encoded = URLComponents(string: url)?.percentEncodedPath ?? "/"
        return String(encoded.dropFirst()).removingPercentEncoding ?? ""
    }

    /// The URL with any password removed, for logs.
    public var redacted: String {
        guard var parts = URLComponents(string: url) else { return "?" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "?"
    }
}

public struct UpstreamSourceError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
