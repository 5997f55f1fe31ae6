import CPRServer
import CPRStore
import Foundation
import PostgresNIO
import Testing

@Suite struct HistoryTests {
    @Test func historyListsTheValidEarlierAddresses() async throws {
        let population = try await Population.get()
        let pnr = try #require(population.movedPerson, "the generator writes 023 records")
        let validAddressRecords = try await population.withDatabase { database async throws in
            let records = try await database.client.query("SELECT records FROM person_raw WHERE pnr = \(pnr)", logger: Population.logger)
                .decode(String.self).collect().first ?? ""
            return records.split(separator: "\n").filter { $0.hasPrefix("023\(pnr) ") }.count
        }
        let grant = try await population.withDatabase { try await Grant.make([.lookup, .history], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/v1/persons/\(pnr)?history=true", as: grant)
            #expect(reply.status == 200)
            let history = try #require(reply.object["history"] as? [String: Any])
            let addresses = try #require(history["addresses"] as? [[String: Any]])
            #expect(addresses.count == validAddressRecords)
            #expect(addresses.allSatisfy { $0["from"] is String })
            #expect(history["names"] is [Any])
            #expect(history["civilStatuses"] is [Any])
            #expect(reply.object["pnr"] as? String == pnr)
        }
    }

    @Test func asOfShowsTheAddressInForceThatDay() async throws {
        let population = try await Population.get()
        let pnr = try #require(population.movedPerson)
        let grant = try await population.withDatabase { try await Grant.make([.lookup, .history], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let now = try await server.send(.get, "/v1/persons/\(pnr)?history=true", as: grant).object
            let past = try #require(((now["history"] as? [String: Any])?["addresses"] as? [[String: Any]])?.first)
            let day = try #require(past["from"] as? String)
            let then = try await server.send(.get, "/v1/persons/\(pnr)?asOf=\(day)", as: grant)
            #expect(then.status == 200)
            #expect(then.object["asOf"] as? String == day)
            let address = try #require(then.object["address"] as? [String: Any])
            #expect(address["municipalityCode"] as? String == past["municipalityCode"] as? String)
            #expect(address["roadCode"] as? String == past["roadCode"] as? String)
            #expect(address["houseNumber"] as? String == past["houseNumber"] as? String)
            #expect(address["movedIn"] as? String == day)

            let current = try #require(now["address"] as? [String: Any])
            let today = try await server.send(.get, "/v1/persons/\(pnr)?asOf=2030-01-01", as: grant)
            #expect((today.object["address"] as? [String: Any])?["roadCode"] as? String == current["roadCode"] as? String)
            #expect((today.object["address"] as? [String: Any])?["postalCode"] as? String == current["postalCode"] as? String)

            let unborn = try await server.send(.get, "/v1/persons/\(pnr)?asOf=1800-01-01", as: grant)
            #expect(unborn.status == 404)
            #expect(unborn.isProblem)
            for bad in ["2020-02-30", "yesterday", "20200101"] {
                let reply = try await server.send(.get, "/v1/persons/\(pnr)?asOf=\(bad)", as: grant)
                #expect(reply.status == 400, "\(bad)")
            }
            #expect(try await server.send(.get, "/v1/persons/\(pnr)?history=maybe", as: grant).status == 400)
        }
    }
}
