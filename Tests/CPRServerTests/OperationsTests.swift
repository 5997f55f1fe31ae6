import CPRServer
import CPRTestSupport
import Foundation
import Testing

@Suite struct OperationsTests {
    @Test func livenessReadinessAndStatus() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            let health = try await server.send(.get, "/healthz")
            #expect(health.status == 200 && health.object["status"] as? String == "ok")
            let ready = try await server.send(.get, "/readyz")
            #expect(ready.status == 200 && ready.object["lastProductionDate"] is String)
            let status = try await server.send(.get, "/v1/status", as: grant)
            #expect(status.status == 200)
            #expect(status.object["lastProductionDate"] as? String == ready.object["lastProductionDate"] as? String)
            #expect(status.object["ageSeconds"] is Int)
            #expect(["healthy", "stale", "failing"].contains(status.object["health"] as? String ?? ""))
            #expect(try await server.send(.get, "/v1/status").status == 403, "status needs an agreement")
        }
    }

    @Test func notReadyWithoutData() async throws {
        let empty = try await TestPostgres.freshDatabase(migrated: true)
        try await TestServer.run(empty) { server async throws in
            #expect(try await server.send(.get, "/healthz").status == 200)
            let ready = try await server.send(.get, "/readyz")
            #expect(ready.status == 503)
            #expect(ready.isProblem)
        }
    }

    @Test func refusesToStartOnAnUnmigratedDatabase() async throws {
        let bare = try await TestPostgres.freshDatabase(migrated: false)
        await #expect(throws: QueryServerError.self) {
            try await TestServer.run(bare) { _ in }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let population = try await Population.get()
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url) { server async throws in
            for _ in 0..<3 { #expect(try await server.send(.get, "/v1/persons/\(population.active[0])", as: grant).status == 200) }
            #expect(try await server.send(.get, "/v1/persons/123", as: grant).status == 400)
            let metrics = try await server.send(.get, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains(#"cprd_http_requests_total{route="GET /v1/persons/{pnr}",status="200"} 3"#))
            #expect(text.contains(#"cprd_http_requests_total{route="GET /v1/persons/{pnr}",status="400"} 1"#))
            #expect(text.contains(#"cprd_http_request_duration_seconds_bucket{route="GET /v1/persons/{pnr}""#))
            #expect(text.contains("cprd_audit_queue_depth 0"))
            #expect(text.contains("cprd_replica_age_seconds "))
            #expect(!text.contains(population.active[0]), "no PNR in metrics")
        }
    }

    @Test func servesTheOpenAPIDocument() async throws {
        let population = try await Population.get()
        try await TestServer.run(population.url) { server async throws in
            let reply = try await server.send(.get, "/openapi.yaml")
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("application/yaml") == true)
            #expect(reply.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test(arguments: ["127.0.0.1:8080", "[::1]:8080", "localhost:8080", ":9000", "127.1.2.3:80", "[0:0:0:0:0:0:0:1]:80"])
    func developmentModeAcceptsLoopback(_ text: String) throws {
        let address = try ListenAddress(text, defaultHost: "127.0.0.1")
        #expect(address.isLoopback)
        try ServerSettings(listen: address, transport: .insecureHTTP).validate()
    }

    @Test(arguments: ["0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080", "example.org:80", "127.foo.example.com:80", "127.0.0.1.nip.io:80", "[::ffff:10.0.0.1]:80"])
    func developmentModeRefusesEverythingElse(_ text: String) throws {
        let address = try ListenAddress(text, defaultHost: "127.0.0.1")
        #expect(!address.isLoopback)
        #expect(throws: ServerSettingsError.self) { try ServerSettings(listen: address, transport: .insecureHTTP).validate() }
    }
}
