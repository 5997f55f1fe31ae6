import CPRServer
import Foundation
import HTTPTypes
import Testing

/// The served OpenAPI document describes what the server really answers: every route is
/// called for real and each answer is checked against the schema the document gives for
/// its status and content type.
@Suite struct OpenAPITests {
    struct Call: Sendable {
        let method: HTTPRequest.Method
        let template: String
        let path: String
        let body: String?
        let grant: Grant?
    }

    @Test func everyAnswerConformsToTheDocument() async throws {
        let population = try await Population.get()
        let (full, plain, none) = try await population.withDatabase { database async throws in
            (try await Grant.make(Grant.everything, on: database), try await Grant.make(Grant.ordinary, on: database),
             try await Grant.make([.changes], on: database))
        }
        let active = population.active[0]
        let protected = try #require(population.protected.first)
        let moved = try #require(population.movedPerson)
        let replaced = try #require(population.replaced.first).old
        let person = "/v1/persons/{pnr}", lookup = "/v1/persons/lookup", search = "/v1/persons", changes = "/v1/changes"
        let calls: [Call] = [
            Call(method: .get, template: person, path: "/v1/persons/\(active)", body: nil, grant: full),
            Call(method: .get, template: person, path: "/v1/persons/\(protected)", body: nil, grant: plain),
            Call(method: .get, template: person, path: "/v1/persons/\(protected)", body: nil, grant: full),
            Call(method: .get, template: person, path: "/v1/persons/\(replaced)", body: nil, grant: full),
            Call(method: .get, template: person, path: "/v1/persons/\(moved)?history=true", body: nil, grant: full),
            Call(method: .get, template: person, path: "/v1/persons/\(protected)?history=true", body: nil, grant: plain),
            Call(method: .get, template: person, path: "/v1/persons/\(moved)?asOf=2001-01-01", body: nil, grant: full),
            Call(method: .get, template: person, path: "/v1/persons/12", body: nil, grant: full),
            Call(method: .get, template: person, path: "/v1/persons/\(active)", body: nil, grant: none),
            Call(method: .get, template: person, path: "/v1/persons/0000000001", body: nil, grant: full),
            Call(method: .post, template: lookup, path: lookup, body: #"{"pnrs":["\#(active)","\#(protected)","0000000001"]}"#, grant: plain),
            Call(method: .post, template: lookup, path: lookup, body: #"{"pnrs":[1]}"#, grant: full),
            Call(method: .post, template: lookup, path: lookup, body: #"{"pnrs":[]}"#, grant: none),
            Call(method: .get, template: search, path: "/v1/persons?birthDate=1980-01-01&limit=3", body: nil, grant: full),
            Call(method: .get, template: search, path: "/v1/persons?postalCode=8000&limit=2", body: nil, grant: plain),
            Call(method: .get, template: search, path: "/v1/persons", body: nil, grant: full),
            Call(method: .get, template: search, path: "/v1/persons?postalCode=8000", body: nil, grant: none),
            Call(method: .get, template: changes, path: "/v1/changes?limit=5", body: nil, grant: none),
            Call(method: .get, template: changes, path: "/v1/changes?since=x", body: nil, grant: full),
            Call(method: .get, template: changes, path: "/v1/changes", body: nil, grant: try await population.withDatabase { try await Grant.make([.lookup], on: $0) }),
            Call(method: .get, template: "/v1/status", path: "/v1/status", body: nil, grant: plain),
            Call(method: .get, template: "/v1/status", path: "/v1/status", body: nil, grant: nil),
            Call(method: .get, template: "/healthz", path: "/healthz", body: nil, grant: nil),
            Call(method: .get, template: "/readyz", path: "/readyz", body: nil, grant: nil),
            Call(method: .get, template: "/metrics", path: "/metrics", body: nil, grant: nil),
            Call(method: .get, template: "/openapi.yaml", path: "/openapi.yaml", body: nil, grant: nil),
        ]
        try await TestServer.run(population.url) { server async throws in
            let text = try await server.send(.get, "/openapi.yaml").text
            let document = try #require(try MiniYAML.parse(text) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let checker = SchemaChecker(document: document)
            let paths = try #require(document["paths"] as? [String: Any])
            var statuses: [String: Set<Int>] = [:]
            for call in calls {
                let reply = try await server.send(call.method, call.path, as: call.grant, body: call.body)
                let label = "\(call.method) \(call.path) → \(reply.status)"
                statuses["\(call.method) \(call.template)", default: []].insert(reply.status)
                let operation = try #require((paths[call.template] as? [String: Any])?[call.method.rawValue.lowercased()] as? [String: Any], "\(label) is documented")
                let responses = try #require(operation["responses"] as? [String: Any])
                let response = checker.resolve(try #require(responses[String(reply.status)] as? [String: Any], "\(label): status documented"))
                let content = try #require(response["content"] as? [String: Any])
                let mediaType = try #require(reply.contentType?.split(separator: ";").first.map(String.init))
                let schema = try #require((content[mediaType] as? [String: Any])?["schema"] as? [String: Any], "\(label): \(mediaType) documented")
                if mediaType.hasSuffix("json") {
                    let value = try JSONDecoder().decode(JSONValue.self, from: Data(reply.text.utf8))
                    let problems = checker.check(value, schema)
                    #expect(problems.isEmpty, "\(label): \(problems.prefix(5).joined(separator: "; "))")
                }
            }
            #expect(statuses["GET /v1/persons/{pnr}"] == [200, 400, 403, 404])
            #expect(statuses["POST /v1/persons/lookup"] == [200, 400, 403])
            #expect(statuses["GET /v1/persons"] == [200, 400, 403])
            #expect(statuses["GET /v1/changes"] == [200, 400, 403])
        }
    }

    @Test func theCheckerCatchesADocumentThatLies() throws {
        let document = try #require(try MiniYAML.parse(OpenAPIYAML.sample) as? [String: Any])
        let checker = SchemaChecker(document: document)
        let schema = ["$ref": "#/components/schemas/Thing"]
        func value(_ json: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) }
        #expect(checker.check(try value(#"{"id":"0101010101","count":2,"tags":["a"]}"#), schema).isEmpty)
        #expect(!checker.check(try value(#"{"id":"0101010101","count":"2","tags":[]}"#), schema).isEmpty, "wrong type")
        #expect(!checker.check(try value(#"{"count":2,"tags":[]}"#), schema).isEmpty, "missing required")
        #expect(!checker.check(try value(#"{"id":"12","count":2,"tags":[]}"#), schema).isEmpty, "pattern")
        #expect(!checker.check(try value(#"{"id":"0101010101","count":2,"tags":[],"extra":1}"#), schema).isEmpty, "undocumented")
        #expect(!checker.check(try value(#"{"id":"0101010101","count":true,"tags":[]}"#), schema).isEmpty, "a boolean is not an integer")
        #expect(checker.check(try value(#"{"id":"0101010101","count":null,"tags":[]}"#), schema).isEmpty, "nullable")
    }
}

enum OpenAPIYAML {
    static let sample = """
    components:
      schemas:
        Thing:
          type: object
          additionalProperties: false
          required: [id, count]
          properties:
            id:
              type: string
              pattern: "^[0-9]{10}$"
            count:
              oneOf:
                - type: integer
                - type: "null"
            tags:
              type: array
              items:
                type: string
    """
}
