import CPRServer
import Foundation
import Testing

@Suite struct ChangesTests {
    @Test func theCursorWalksTheFeedInOrderAndStopsAtTheEnd() async throws {
        let population = try await Population.get()
        #expect(population.changeCount > 1)
        let grant = try await population.withDatabase { try await Grant.make([.changes], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let first = try await server.send(.get, "/v1/changes?limit=3", as: grant)
            #expect(first.status == 200)
            let firstChanges = try #require(first.object["changes"] as? [[String: Any]])
            #expect(firstChanges.count == 3)
            #expect(firstChanges[0]["pnr"] is NSNull, "the status extract is a full reload")
            #expect(firstChanges[0]["fullReload"] as? Bool == true)
            #expect(firstChanges[1]["pnr"] is String)
            #expect(firstChanges[1]["fullReload"] as? Bool == false)

            var total = firstChanges.count
            var cursor = try #require(first.object["next"] as? String)
            var previousCursor = cursor
            while true {
                let page = try await server.send(.get, "/v1/changes?since=\(cursor)&limit=500", as: grant)
                #expect(page.status == 200)
                let changes = page.object["changes"] as? [[String: Any]] ?? []
                total += changes.count
                previousCursor = cursor
                cursor = try #require(page.object["next"] as? String)
                if changes.isEmpty { break }
                #expect(Int(cursor)! > Int(previousCursor)!)
            }
            #expect(total == population.changeCount)
            #expect(cursor == previousCursor, "at the end the cursor stays put")
        }
    }

    @Test(arguments: ["/v1/changes?since=abc", "/v1/changes?since=-1", "/v1/changes?limit=0", "/v1/changes?limit=10001"])
    func refusesABadCursorOrLimit(_ path: String) async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.changes], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, path, as: grant)
            #expect(reply.status == 400)
            #expect(reply.isProblem)
        }
    }
}
