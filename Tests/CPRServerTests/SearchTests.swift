import CPRServer
import CPRStore
import Foundation
import PostgresNIO
import Testing

@Suite struct SearchTests {
    /// A living, unprotected person whose last name has an ø, with their address.
    struct Someone: Sendable {
        let pnr, first, last, birthDate, municipality, road, house: String
    }

    static func someoneWithØ(_ population: Population) async throws -> Someone {
        try await population.withDatabase { database async throws in
            let row = try await database.client.query("""
                SELECT pnr, first_name, last_name, birth_date, municipality_code, road_code, house_number FROM person
                WHERE last_name ~ 'ø' AND status = '01' AND NOT name_address_protected AND current_pnr IS NULL
                  AND house_number ~ '^0' ORDER BY pnr LIMIT 1
                """, logger: Population.logger).decode((String, String, String, String, String, String, String).self).collect().first
            let found = try #require(row, "the generator writes Danish names with ø")
            return Someone(pnr: found.0, first: found.1, last: found.2, birthDate: found.3, municipality: found.4, road: found.5, house: found.6)
        }
    }

    static func pnrs(_ reply: Reply) -> [String] {
        (reply.object["persons"] as? [[String: Any]] ?? []).compactMap { $0["pnr"] as? String }
    }

    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func nameIsCaseAndAccentInsensitiveButSorenIsNotSøren() async throws {
        let population = try await Population.get()
        let someone = try await Self.someoneWithØ(population)
        let grant = try await population.withDatabase { try await Grant.make([.search], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let upper = someone.last.uppercased()  // "MØLLER"
            let spelled = someone.last.lowercased().replacingOccurrences(of: "ø", with: "oe")  // "moeller"
            let plain = someone.last.lowercased().replacingOccurrences(of: "ø", with: "o")  // "moller"
            for name in ["\(someone.first) \(upper)", "\(someone.first.lowercased()) \(spelled)"] {
                let reply = try await server.send(.get, "/v1/persons?name=\(Self.query(name))&limit=500", as: grant)
                #expect(reply.status == 200)
                #expect(Self.pnrs(reply).contains(someone.pnr), "\(name) finds \(someone.first) \(someone.last)")
            }
            let plainReply = try await server.send(.get, "/v1/persons?name=\(Self.query("\(someone.first) \(plain)"))&limit=500", as: grant)
            #expect(plainReply.status == 200)
            #expect(!Self.pnrs(plainReply).contains(someone.pnr), "o is not ø: \(plain) is another name")
        }
    }

    @Test func findsByBirthDateAndByAddressParts() async throws {
        let population = try await Population.get()
        let someone = try await Self.someoneWithØ(population)
        let grant = try await population.withDatabase { try await Grant.make([.search], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let byDate = try await server.send(.get, "/v1/persons?birthDate=\(someone.birthDate)&limit=500", as: grant)
            #expect(byDate.status == 200)
            #expect(Self.pnrs(byDate).contains(someone.pnr))
            let persons = try #require(byDate.object["persons"] as? [[String: Any]])
            #expect(persons.allSatisfy { $0["birthDate"] as? String == someone.birthDate })

            var house = Substring(someone.house)
            while house.first == "0" { house = house.dropFirst() }
            let path = "/v1/persons?municipalityCode=\(someone.municipality)&roadCode=\(someone.road)&houseNumber=\(house)&limit=500"
            let byAddress = try await server.send(.get, path, as: grant)
            #expect(byAddress.status == 200)
            #expect(Self.pnrs(byAddress).contains(someone.pnr), "12A finds 012A")
            let addresses = (byAddress.object["persons"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? [String: Any] }
            #expect(addresses.allSatisfy { $0["municipalityCode"] as? String == someone.municipality && $0["roadCode"] as? String == someone.road })
        }
    }

    @Test func pagesThroughEveryMatchOnce() async throws {
        let population = try await Population.get()
        let someone = try await Self.someoneWithØ(population)
        let expected = try await population.withDatabase { database async throws in
            try await database.client.query("""
                SELECT count(*)::int FROM person WHERE municipality_code = \(someone.municipality)
                  AND current_pnr IS NULL AND NOT name_address_protected
                """, logger: Population.logger).decode(Int.self).collect().first ?? 0
        }
        #expect(expected > 7)
        let grant = try await population.withDatabase { try await Grant.make([.search], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let path = "/v1/persons?municipalityCode=\(someone.municipality)&limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                let reply = try await server.send(.get, path, as: grant)
                #expect(reply.status == 200)
                let page = Self.pnrs(reply)
                #expect(page.count <= 7)
                seen += page
                cursor = reply.object["next"] as? String
                pages += 1
            } while cursor != nil && pages < 1000
            #expect(seen.count == expected)
            #expect(Set(seen).count == seen.count, "no person twice")
            #expect(seen == seen.sorted(), "PNR order")
        }
    }

    /// Road names with Æ, Ø or Å are found by a prefix in either case, on a database without
    /// a locale (where lower() leaves those letters alone), and through the index.
    @Test func roadNameIsCaseInsensitiveForDanishLetters() async throws {
        let population = try await Population.get()
        let (pnr, road) = try await population.withDatabase { database async throws in
            let row = try await database.client.query("""
                SELECT pnr, road_name FROM person WHERE road_name ~ '^[ÆØÅ]' AND status = '01'
                  AND NOT name_address_protected AND current_pnr IS NULL ORDER BY pnr LIMIT 1
                """, logger: Population.logger).decode((String, String).self).collect().first
            return try #require(row, "the generator has roads starting with Æ, Ø or Å")
        }
        let grant = try await population.withDatabase { try await Grant.make([.search], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let start = String(road.prefix(3))
            for prefix in [start, start.lowercased(), start.uppercased(), road.lowercased()] {
                var seen: [String] = []
                var cursor: String?
                repeat {
                    let path = "/v1/persons?roadName=\(Self.query(prefix))&limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let reply = try await server.send(.get, path, as: grant)
                    #expect(reply.status == 200, "\(prefix)")
                    seen += Self.pnrs(reply)
                    cursor = reply.object["next"] as? String
                } while cursor != nil && seen.count < 100_000
                #expect(seen.contains(pnr), "roadName=\(prefix) finds a person on \(road)")
            }
        }
        try await population.withDatabase { database async throws in
            try await database.client.withTransaction(logger: Population.logger) { connection in
                try await connection.query("SET LOCAL enable_seqscan = off", logger: Population.logger)
                let plan = try await connection.query(
                    "EXPLAIN SELECT pnr FROM person p WHERE cprd_fold_case(p.road_name) LIKE 'ø%'", logger: Population.logger
                ).decode(String.self).collect().joined(separator: "\n")
                #expect(plan.contains("person_road_name"), "\(plan)")
            }
        }
    }

    @Test(arguments: [
        "/v1/persons", "/v1/persons?limit=10", "/v1/persons?birthDate=1970-13-01", "/v1/persons?birthDate=19700101",
        "/v1/persons?name=a", "/v1/persons?postalCode=8000&limit=0", "/v1/persons?postalCode=8000&limit=501",
        "/v1/persons?postalCode=8000&cursor=bogus", "/v1/persons?houseNumber=12", "/v1/persons?municipalityCode=12345",
    ])
    func refusesAnUnusableSearch(_ path: String) async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.search], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, path, as: grant)
            #expect(reply.status == 400)
            #expect(reply.isProblem)
        }
    }
}
