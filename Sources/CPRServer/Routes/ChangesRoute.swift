import CPRStore
import Hummingbird

/// GET /v1/changes?since=CURSOR&limit=N
struct ChangesRoute: Sendable {
    let database: Database

    func register(on group: RouterGroup<APIContext>) {
        group.get("changes", use: changes)
    }

    @Sendable func changes(_ request: Request, context: APIContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.require(.changes)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let feed = try ChangeFeed(query: query)
        let changes = try await feed.read(for: caller, on: database)
        context.disclosure.record(changes.compactMap(\.pnr))
        return .json(feed.encode(changes))
    }
}
