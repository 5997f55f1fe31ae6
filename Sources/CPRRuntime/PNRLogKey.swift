import Crypto
import Foundation

/// A short keyed hash that stands in for a PNR wherever a technical log needs to correlate
/// lines about one person. The key is per installation (`log_hash_key`), so the value
/// cannot be turned back into a PNR by trying every number.
public struct PNRLogKey: Sendable {
    private let key: SymmetricKey

    public init(secret: String?) {
        if let secret, !secret.isEmpty {
            key = SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
        } else {
            key = SymmetricKey(size: .bits256)
        }
    }

    public func tag(_ pnr: some StringProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(pnr.utf8), using: key)
        return "p:" + mac.prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}
