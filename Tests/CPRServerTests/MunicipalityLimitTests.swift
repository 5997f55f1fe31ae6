import CPRServer
import CPRStore
import Foundation
import PostgresNIO
import Testing

@Suite struct MunicipalityLimitTests {
    @Test func anAgreementLimitedToMunicipalitiesSeesOnlyTheirResidents() async throws {
        let population = try await Population.get()
        let (inside, outside, municipality) = try await population.withDatabase { database async throws in
            let rows = try await database.client.query("""
                SELECT pnr, municipality_code FROM person WHERE pnr = ANY(\(population.active)) ORDER BY pnr
                """, logger: Population.logger).decode((String, String).self).collect()
            let municipality = try #require(rows.first?.1)
            let inside = try #require(rows.first { $0.1 == municipality }?.0)
            let outside = try #require(rows.first { $0.1 != municipality }?.0)
            return (inside, outside, municipality)
        }
        let grant = try await population.withDatabase {
            try await Grant.make([.lookup, .search, .changes], municipalities: [String(Int(municipality)!)], on: $0)
        }
        try await TestServer.run(population.url) { server async throws in
            #expect(try await server.send(.get, "/v1/persons/\(inside)", as: grant).status == 200, "851 is 0851")
            let refused = try await server.send(.get, "/v1/persons/\(outside)", as: grant)
            #expect(refused.status == 404)
            #expect(refused.text.contains("municipalities"))

            let lookup = try await server.send(.post, "/v1/persons/lookup", as: grant, body: #"{"pnrs":["\#(inside)","\#(outside)"]}"#)
            #expect(SearchTests.pnrs(lookup) == [inside])
            #expect(lookup.object["notFound"] as? [String] == [outside])

            let search = try await server.send(.get, "/v1/persons?birthDate=\(try await Self.birthDate(of: outside, population))&limit=500", as: grant)
            #expect(!SearchTests.pnrs(search).contains(outside))
            let everyone = try await server.send(.get, "/v1/persons?municipalityCode=\(municipality)&limit=500", as: grant)
            let addresses = (everyone.object["persons"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? [String: Any] }
            #expect(!addresses.isEmpty)
            #expect(addresses.allSatisfy { $0["municipalityCode"] as? String == municipality })
        }
    }

    /// An old number's own row has no address; it is within an agreement exactly when the
    /// person it now belongs to is.
    @Test func anOldNumberIsWithinTheMunicipalityItsPersonLivesIn() async throws {
        let population = try await Population.get()
        let (old, home, elsewhere) = try await population.withDatabase { database async throws in
            let rows = try await database.client.query("""
                SELECT o.pnr, o.municipality_code, c.municipality_code FROM person o JOIN person c ON c.pnr = o.current_pnr
                WHERE o.pnr = ANY(\(population.replaced.map(\.old))) AND c.municipality_code IS NOT NULL ORDER BY o.pnr LIMIT 1
                """, logger: Population.logger).decode((String, String?, String).self).collect()
            let row = try #require(rows.first, "an old number whose person lives in a municipality")
            #expect(row.1 == nil, "the old number's own row has no address")
            let other = try await database.client.query(
                "SELECT municipality_code FROM person WHERE municipality_code <> \(row.2) LIMIT 1", logger: Population.logger
            ).decode(String.self).collect()
            return (row.0, row.2, try #require(other.first))
        }
        let (inside, outside) = try await population.withDatabase { database async throws in
            (try await Grant.make([.lookup], municipalities: [home], on: database),
             try await Grant.make([.lookup], municipalities: [elsewhere], on: database))
        }
        try await TestServer.run(population.url) { server async throws in
            let seen = try await server.send(.get, "/v1/persons/\(old)", as: inside)
            #expect(seen.status == 200)
            #expect(seen.object["pnr"] as? String == old)
            let lookup = try await server.send(.post, "/v1/persons/lookup", as: inside, body: #"{"pnrs":["\#(old)"]}"#)
            #expect(SearchTests.pnrs(lookup) == [old])
            #expect(try await server.send(.get, "/v1/persons/\(old)", as: outside).status == 404)
        }
    }

    /// A person who died, emigrated or disappeared has no address now; a municipality's
    /// agreement sees them where they lived last (their latest valid 023), another does not.
    @Test func aPersonWithoutAnAddressIsWithinTheMunicipalityTheyLivedInLast() async throws {
        let population = try await Population.get()
        let (gone, last, other) = try await population.withDatabase { database async throws in
            let rows = try await database.client.query("""
                SELECT p.pnr, r.records FROM person p JOIN person_raw r USING (pnr)
                WHERE p.status IN ('70', '80', '90') AND p.municipality_code IS NULL AND p.current_pnr IS NULL
                  AND r.records ~ '(^|\n)023.{10} ' ORDER BY p.pnr LIMIT 1
                """, logger: Population.logger).decode((String, String).self).collect()
            let (pnr, records) = try #require(rows.first, "a person without an address who lived somewhere")
            // By position, apart from the server's parser: ANNKOR 14, KOMKOD 15–18, FRAFLYDTO 84–95.
            let lines: [[Character]] = records.split(separator: "\n").map { Array($0) }
            let addresses = lines.filter { line in line.count >= 95 && String(line[0..<3]) == "023" && line[13] == " " }
            let movedOut = { (line: [Character]) -> String in String(line[83..<95]) }
            let latest = try #require(addresses.max { movedOut($0) < movedOut($1) })
            let last = String(latest[14..<18])
            let other = try await database.client.query(
                "SELECT municipality_code FROM person WHERE municipality_code <> \(last) LIMIT 1", logger: Population.logger
            ).decode(String.self).collect()
            return (pnr, last, try #require(other.first))
        }
        let (home, elsewhere) = try await population.withDatabase { database async throws in
            (try await Grant.make([.lookup], municipalities: [last], on: database),
             try await Grant.make([.lookup], municipalities: [other], on: database))
        }
        try await TestServer.run(population.url) { server async throws in
            let seen = try await server.send(.get, "/v1/persons/\(gone)", as: home)
            #expect(seen.status == 200)
            #expect(seen.object["pnr"] as? String == gone)
            let lookup = try await server.send(.post, "/v1/persons/lookup", as: home, body: #"{"pnrs":["\#(gone)"]}"#)
            #expect(SearchTests.pnrs(lookup) == [gone])
            #expect(try await server.send(.get, "/v1/persons/\(gone)", as: elsewhere).status == 404)
            let refused = try await server.send(.post, "/v1/persons/lookup", as: elsewhere, body: #"{"pnrs":["\#(gone)"]}"#)
            #expect(refused.object["notFound"] as? [String] == [gone])
        }
    }

    static func birthDate(of pnr: String, _ population: Population) async throws -> String {
        try await population.withDatabase { database async throws in
            try await database.client.query("SELECT birth_date FROM person WHERE pnr = \(pnr)", logger: Population.logger)
                .decode(String.self).collect().first ?? ""
        }
    }
}
