import CPRServer
import Foundation
import Testing

@Suite struct LookupTests {
    @Test func findsManyAndListsTheRest() async throws {
        let population = try await Population.get()
        let known = Array(population.active.prefix(5))
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let asked = known + ["0000000001", known[0]]
            let body = #"{"pnrs":[\#(asked.map { "\"\($0)\"" }.joined(separator: ","))]}"#
            let reply = try await server.send(.post, "/v1/persons/lookup", as: grant, body: body)
            #expect(reply.status == 200)
            let persons = try #require(reply.object["persons"] as? [[String: Any]])
            #expect(persons.compactMap { $0["pnr"] as? String } == known, "each person once, in the order asked")
            #expect(reply.object["notFound"] as? [String] == ["0000000001"])
            #expect(persons.allSatisfy { $0["updatedAt"] is String })
        }
    }

    @Test func refusesMoreThan1000Numbers() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let many = (0..<1001).map { String(format: "\"%010d\"", $0) }.joined(separator: ",")
            let reply = try await server.send(.post, "/v1/persons/lookup", as: grant, body: #"{"pnrs":[\#(many)]}"#)
            #expect(reply.status == 400)
            #expect(reply.isProblem)
            let exactly = (0..<1000).map { String(format: "\"%010d\"", $0) }.joined(separator: ",")
            let allowed = try await server.send(.post, "/v1/persons/lookup", as: grant, body: #"{"pnrs":[\#(exactly)]}"#)
            #expect(allowed.status == 200)
        }
    }

    @Test(arguments: [#"{"pnrs":["123"]}"#, #"{"numbers":[]}"#, "not json", #"{"pnrs":"0101010101"}"#])
    func refusesABadBody(_ body: String) async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.post, "/v1/persons/lookup", as: grant, body: body)
            #expect(reply.status == 400)
            #expect(reply.isProblem)
        }
    }
}
