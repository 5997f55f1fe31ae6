import CPRServer
import Foundation
import Testing

@Suite struct ProtectionTests {
    @Test func nameAndAddressAreWithheldUnlessTheAgreementGrantsProtectedData() async throws {
        let population = try await Population.get()
        let pnr = try #require(population.protected.first, "the generator protects some households")
        let (plain, privileged) = try await population.withDatabase { database async throws in
            (try await Grant.make(Grant.ordinary, on: database), try await Grant.make(Grant.everything, on: database))
        }
        try await TestServer.run(population.url) { server async throws in
            let withheld = try await server.send(.get, "/v1/persons/\(pnr)", as: plain)
            #expect(withheld.status == 200)
            #expect(withheld.object["name"] is NSNull)
            #expect(withheld.object["address"] is NSNull)
            #expect((withheld.object["protection"] as? [String: Any])?["nameAndAddress"] as? Bool == true)
            #expect(withheld.object["updatedAt"] is String)

            let granted = try await server.send(.get, "/v1/persons/\(pnr)", as: privileged)
            #expect(granted.status == 200)
            #expect((granted.object["name"] as? [String: Any])?["first"] is String)

            let lookup = try await server.send(.post, "/v1/persons/lookup", as: plain, body: #"{"pnrs":["\#(pnr)"]}"#)
            let person = try #require((lookup.object["persons"] as? [[String: Any]])?.first)
            #expect(person["name"] is NSNull)

            let history = try await server.send(.get, "/v1/persons/\(pnr)?history=true", as: plain)
            let past = try #require(history.object["history"] as? [String: Any])
            #expect(past["addresses"] is NSNull)
            #expect(past["names"] is NSNull)
            #expect(history.object["name"] is NSNull)

            // On the replica's last production date the person exists, so the snapshot answers 200.
            let lastProduction = try #require(try await server.send(.get, "/readyz").object["lastProductionDate"] as? String)
            let asOf = try await server.send(.get, "/v1/persons/\(pnr)?asOf=\(lastProduction)", as: plain)
            #expect(asOf.status == 200)
            #expect(asOf.object["name"] is NSNull)
            #expect(asOf.object["address"] is NSNull)
            let asOfGranted = try await server.send(.get, "/v1/persons/\(pnr)?asOf=\(lastProduction)", as: privileged)
            #expect(asOfGranted.status == 200)
            #expect(!(asOfGranted.object["name"] is NSNull))
        }
    }

    @Test func aProtectedPersonIsNotFoundBySearchWithoutTheScope() async throws {
        let population = try await Population.get()
        let pnr = try #require(population.protected.first)
        let (plain, privileged) = try await population.withDatabase { database async throws in
            (try await Grant.make([.lookup, .search], on: database), try await Grant.make([.lookup, .search, .protected], on: database))
        }
        try await TestServer.run(population.url) { server async throws in
            let person = try await server.send(.get, "/v1/persons/\(pnr)", as: privileged).object
            let name = try #require(person["name"] as? [String: Any])
            let query = "\(name["first"] as? String ?? "") \(name["last"] as? String ?? "")"
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let hidden = try await server.send(.get, "/v1/persons?name=\(query)&limit=500", as: plain)
            #expect(hidden.status == 200)
            #expect(!SearchTests.pnrs(hidden).contains(pnr))
            let found = try await server.send(.get, "/v1/persons?name=\(query)&limit=500", as: privileged)
            #expect(SearchTests.pnrs(found).contains(pnr))
        }
    }
}
