import CPRServer
import Foundation
import HTTPTypes
import Testing

@Suite struct PersonRouteTests {
    @Test func answersTheCurrentDocumentWithReplicaFields() async throws {
        let population = try await Population.get()
        let pnr = try #require(population.active.first)
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/v1/persons/\(pnr)", as: grant)
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            let person = reply.object
            #expect(person["pnr"] as? String == pnr)
            #expect(person["currentPnr"] is NSNull)
            #expect(person["status"] as? String == "01")
            #expect((person["name"] as? [String: Any])?["last"] is String)
            #expect((person["address"] as? [String: Any])?["municipalityCode"] is String)
            #expect(person["sourceProductionDate"] as? String != nil)
            let updatedAt = try #require(person["updatedAt"] as? String)
            #expect(ISO8601DateFormatter().date(from: updatedAt) != nil)
        }
    }

    @Test(arguments: ["12345", "12345678901", "abcdefghij", "01010%2012"])
    func refusesANumberThatIsNotTenDigits(_ pnr: String) async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/v1/persons/\(pnr)", as: grant)
            #expect(reply.status == 400)
            #expect(reply.isProblem)
            #expect(reply.object["type"] as? String == "urn:cprd:problem:invalid-pnr")
        }
    }

    @Test func answers404ForAnUnknownNumber() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/v1/persons/0000000001", as: grant)
            #expect(reply.status == 404)
            #expect(reply.isProblem)
            #expect(!reply.text.contains("0000000001"), "a problem never echoes the PNR")
        }
    }

    @Test func anOldNumberAnswersWithItsOwnDocumentNamingTheCurrentOne() async throws {
        let population = try await Population.get()
        let replaced = try #require(population.replaced.first, "the generator makes status 50/60 numbers")
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/v1/persons/\(replaced.old)", as: grant)
            #expect(reply.status == 200)
            #expect(reply.object["pnr"] as? String == replaced.old)
            #expect(reply.object["currentPnr"] as? String == replaced.current)
            #expect(["50", "60"].contains(reply.object["status"] as? String ?? ""))
        }
    }

    @Test func anOldNumberKnownOnlyFrom022ResolvesToTheCurrentPerson() async throws {
        let population = try await Population.get()
        // The generator always delivers the old number's own 001 (status 60) with the new
        // number's 022; a subscription may carry only the new person, so state the alias alone.
        let current = population.active[3]
        let old = String(format: "31129%05d", Int.random(in: 0..<100_000))
        let grant = try await population.withDatabase { database async throws in
            try await database.client.query(
                "INSERT INTO pnr_alias (old_pnr, current_pnr, source_pnr) VALUES (\(old), \(current), \(current))",
                logger: Population.logger
            )
            return try await Grant.make([.lookup], on: database)
        }
        let alias = (old: old, current: current)
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/v1/persons/\(alias.old)", as: grant)
            #expect(reply.status == 200)
            #expect(reply.object["pnr"] as? String == alias.current)
            // Asked together, the person answers once; `resolved` says where the old number went.
            let both = try await server.send(.post, "/v1/persons/lookup", as: grant, body: #"{"pnrs":["\#(alias.current)","\#(alias.old)"]}"#)
            #expect(both.status == 200)
            #expect(SearchTests.pnrs(both) == [alias.current])
            #expect(both.object["notFound"] as? [String] == [])
            #expect(both.object["resolved"] as? [String: String] == [alias.old: alias.current])
        }
    }

    @Test func unknownRoutesAndMethodsAreProblems() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let unknown = try await server.send(.get, "/v2/nothing", as: grant)
            #expect(unknown.status == 404)
            #expect(unknown.isProblem)
            let wrongMethod = try await server.send(.delete, "/v1/persons/\(population.active[0])", as: grant)
            #expect(wrongMethod.status == 404)
            #expect(wrongMethod.isProblem)
        }
    }

    /// A /v1 request no route matches is still a request to the API: it is audited, and
    /// an unidentified caller is refused before learning whether the path exists.
    @Test func unmatchedAPIRequestsAreAudited() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        let pnr = population.active[0]
        try await TestServer.run(population.url) { server async throws in
            for (method, path) in [(HTTPRequest.Method.delete, "/v1/persons/\(pnr)"), (.get, "/v1/persons/\(pnr)/x"), (.get, "//v1/nothing")] {
                let call = callID("unmatched")
                let reply = try await server.send(method, path, as: grant, headers: headers(callID: call))
                #expect(reply.status == 404, "\(method) \(path)")
                let audit = try #require(try await AccessTests.auditOutcome(population, callID: call), "\(method) \(path)")
                #expect(audit.status == 404 && audit.outcome == "not-found")
                #expect(audit.agreement == grant.agreement.uuidString)
            }
            let anonymous = try await server.send(.get, "/v1/nothing")
            #expect(anonymous.status == 403)
            #expect(anonymous.isProblem)
            // Paths outside the API are not the audit's business.
            let call = callID("outside")
            let outside = try await server.send(.get, "/v2/persons/\(pnr)", as: grant, headers: headers(callID: call))
            #expect(outside.status == 404)
            #expect(try await AccessTests.auditOutcome(population, callID: call) == nil)
        }
    }
}
