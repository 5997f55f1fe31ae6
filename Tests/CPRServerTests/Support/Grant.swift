import CPRServer
import CPRStore
import Foundation

/// A user system with one agreement, made for one test.
struct Grant: Sendable {
    let system: UUID
    let agreement: UUID

    /// Registers a system (optionally with a certificate) and an agreement with `scopes`.
    static func make(
        _ scopes: Set<Scope>, municipalities: [String]? = nil, fingerprint: String? = nil, on database: Database
    ) async throws -> Grant {
        let system = try await AccessStore.addSystem(name: "test \(UUID().uuidString)", fingerprint: fingerprint, on: database)
        let agreement = try await AccessStore.addAgreement(system: system, scopes: scopes, municipalities: municipalities, on: database)
        return Grant(system: system, agreement: agreement)
    }

    static let everything: Set<Scope> = Set(Scope.allCases)
    static let ordinary: Set<Scope> = [.lookup, .search, .history, .changes]
}
