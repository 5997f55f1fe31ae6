import Foundation

/// A calling system (Serviceplatformen's user system), proven in production by one of its
/// client certificates.
public struct UserSystem: Sendable, Equatable, Codable {
    public let id: UUID
    public let name: String
    /// SHA-256 fingerprints of its client certificates, lower-case hex.
    public var fingerprints: [String]
    public let createdAt: Date
    public var revokedAt: Date?

    public var isActive: Bool { revokedAt == nil }
}
