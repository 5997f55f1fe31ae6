import CPRStore
import Foundation
import Hummingbird

/// GET /v1/status: how fresh the replica is. Needs an agreement, but no scope: it tells
/// nothing about persons.
struct StatusRoute: Sendable {
    let database: Database
    let staleAfterDays: Int

    func register(on group: RouterGroup<APIContext>) {
        group.get("status", use: status)
    }

    @Sendable func status(_ request: Request, context: APIContext) async throws -> Response {
        _ = try context.requireCaller()
        let status = try await ReplicationStatus.read(database, staleAfterDays: staleAfterDays)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return .json(Array(try encoder.encode(status)))
    }
}
