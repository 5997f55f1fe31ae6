import CPRServer
import CPRStore
import Foundation
import HTTPTypes
import PostgresNIO
import Testing

@Suite struct AccessTests {
    static func auditOutcome(_ population: Population, callID: String) async throws -> (status: Int, outcome: String, agreement: String?, system: String?)? {
        try await population.withDatabase { database async throws in
            try await database.client.query(
                "SELECT status::int, outcome, agreement, system FROM audit_log WHERE call_id = \(callID)", logger: Population.logger
            ).decode((Int, String, String?, String?).self).collect().first.map { (status: $0.0, outcome: $0.1, agreement: $0.2, system: $0.3) }
        }
    }

    @Test(arguments: [
        ("/v1/persons/{pnr}", Scope.lookup), ("/v1/persons?postalCode=8000", .search),
        ("/v1/persons/{pnr}?history=true", .history), ("/v1/persons/{pnr}?asOf=2020-01-01", .history), ("/v1/changes", .changes),
    ])
    func aRouteNeedsItsScope(_ template: String, _ scope: Scope) async throws {
        let population = try await Population.get()
        let path = template.replacingOccurrences(of: "{pnr}", with: population.active[0])
        let (without, with) = try await population.withDatabase { database async throws in
            var all = Grant.everything
            all.remove(scope)
            return (try await Grant.make(all, on: database), try await Grant.make(scope == .history ? [.lookup, .history] : [scope], on: database))
        }
        try await TestServer.run(population.url) { server async throws in
            let call = callID("scope")
            let denied = try await server.send(.get, path, as: without, headers: headers(callID: call))
            #expect(denied.status == 403)
            #expect(denied.isProblem)
            #expect(denied.text.contains(scope.rawValue))
            let allowed = try await server.send(.get, path, as: with)
            #expect(allowed.status == 200)
            let audit = try #require(try await Self.auditOutcome(population, callID: call))
            #expect(audit.status == 403 && audit.outcome == "denied")
            #expect(audit.agreement == without.agreement.uuidString)
        }
    }

    @Test func theCallerMustBeIdentifiedByAnActiveAgreementOfItsSystem() async throws {
        let population = try await Population.get()
        let pnr = population.active[0]
        let (mine, other) = try await population.withDatabase { database async throws in
            (try await Grant.make([.lookup], on: database), try await Grant.make([.lookup], on: database))
        }
        let agreement = HTTPField.Name("X-Service-Agreement")!, system = HTTPField.Name("X-User-System")!
        let cases: [(String, HTTPFields)] = [
            ("no agreement", [system: mine.system.uuidString]),
            ("no system", [agreement: mine.agreement.uuidString]),
            ("malformed agreement", [agreement: "not-a-uuid", system: mine.system.uuidString]),
            ("unknown agreement", [agreement: UUID().uuidString, system: mine.system.uuidString]),
            ("unknown system", [agreement: mine.agreement.uuidString, system: UUID().uuidString]),
            ("another system's agreement", [agreement: other.agreement.uuidString, system: mine.system.uuidString]),
        ]
        try await TestServer.run(population.url) { server async throws in
            for (label, fields) in cases {
                let call = callID("identity")
                var all = fields
                all[.init("X-Call-Id")!] = call
                let reply = try await server.send(.get, "/v1/persons/\(pnr)", headers: all)
                #expect(reply.status == 403, "\(label)")
                #expect(reply.isProblem, "\(label)")
                let audit = try await Self.auditOutcome(population, callID: call)
                #expect(audit?.outcome == "denied", "\(label) is audited")
            }
            let ok = try await server.send(.get, "/v1/persons/\(pnr)", as: mine)
            #expect(ok.status == 200)
        }
    }

    @Test func aRevokedAgreementOrSystemIsRefusedWithinTheRefreshInterval() async throws {
        let population = try await Population.get()
        let pnr = population.active[0]
        let (first, second) = try await population.withDatabase { database async throws in
            (try await Grant.make([.lookup], on: database), try await Grant.make([.lookup], on: database))
        }
        try await TestServer.run(population.url) { server async throws in
            #expect(try await server.send(.get, "/v1/persons/\(pnr)", as: first).status == 200)
            #expect(try await server.send(.get, "/v1/persons/\(pnr)", as: second).status == 200)
            try await population.withDatabase { database async throws in
                #expect(try await AccessStore.revoke(first.agreement, on: database))
                #expect(try await AccessStore.revoke(second.system, on: database))
                #expect(try await AccessStore.revoke(first.agreement, on: database) == false, "already revoked")
            }
            try await Task.sleep(for: .milliseconds(700))
            let agreementGone = try await server.send(.get, "/v1/persons/\(pnr)", as: first)
            #expect(agreementGone.status == 403)
            #expect(agreementGone.text.contains("revoked"))
            #expect(try await server.send(.get, "/v1/persons/\(pnr)", as: second).status == 403)
        }
    }

    @Test func duplicatesAreExplainedNotPostgresErrors() async throws {
        let population = try await Population.get()
        try await population.withDatabase { database async throws in
            let name = "duplicate \(UUID().uuidString)"
            let fingerprint = (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "")
            let system = try await AccessStore.addSystem(name: name, fingerprint: fingerprint, on: database)
            let sameName = await #expect(throws: AccessError.self) {
                _ = try await AccessStore.addSystem(name: name, fingerprint: nil, on: database)
            }
            #expect(sameName?.description.contains("already exists") == true)
            let sameCertificate = await #expect(throws: AccessError.self) {
                _ = try await AccessStore.addSystem(name: "\(name) 2", fingerprint: fingerprint, on: database)
            }
            #expect(sameCertificate?.description.contains("fingerprint is already registered") == true)
            await #expect(throws: AccessError.self) {
                try await AccessStore.addCertificate(system: system, fingerprint: fingerprint, on: database)
            }
        }
    }

    @Test func anAgreementMadeWhileServingIsUsableAtOnce() async throws {
        let population = try await Population.get()
        try await TestServer.run(population.url, configure: { $0.accessRefreshInterval = .seconds(3600) }) { server async throws in
            let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
            let reply = try await server.send(.get, "/v1/persons/\(population.active[0])", as: grant)
            #expect(reply.status == 200)
        }
    }
}
