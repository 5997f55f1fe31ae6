import Crypto
import NIOSSL

/// A client certificate's identity: SHA-256 over its DER bytes, lower-case hex, the value
/// `openssl x509 -noout -fingerprint -sha256` prints (without colons).
public enum CertificateFingerprint {
    public static func of(_ certificate: NIOSSLCertificate) throws -> String {
        hex(SHA256.hash(data: try certificate.toDERBytes()))
    }

    /// The fingerprint of the first certificate in a PEM file.
    public static func of(pemFile path: String) throws -> String {
        guard let first = try NIOSSLCertificate.fromPEMFile(path).first else {
            throw AccessError("no certificate in \(path)")
        }
        return try of(first)
    }

    /// Accepts `AB:CD:…`, `abcd…`, and openssl's `sha256 Fingerprint=AB:CD:…`.
    public static func normalise(_ text: String) throws(AccessError) -> String {
        var value = Substring(text)
        if let equals = value.lastIndex(of: "=") { value = value[value.index(after: equals)...] }
        let digits = value.filter { $0 != ":" && $0 != " " }.lowercased()
        guard digits.count == 64, digits.allSatisfy(\.isHexDigit) else {
            throw AccessError("a certificate fingerprint is a SHA-256 in hex (64 digits, colons allowed), got \"\(text)\"")
        }
        return digits
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 15)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
