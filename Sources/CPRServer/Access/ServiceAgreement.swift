import Foundation

/// A service agreement: which scopes one system may use, optionally only for persons
/// living in some municipalities.
public struct ServiceAgreement: Sendable, Equatable, Codable {
    public let id: UUID
    public let systemID: UUID
    public let name: String
    public let scopes: Set<Scope>
    /// Four-digit municipality codes; nil means every municipality.
    public let municipalities: Set<String>?
    public let createdAt: Date
    public var revokedAt: Date?

    public var isActive: Bool { revokedAt == nil }
}
