import CPRServer
import CPRStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// A real `QueryServer` on 127.0.0.1 (port chosen by the kernel) for the duration of `body`.
enum TestServer {
    static func run<T: Sendable>(
        _ url: DatabaseURL,
        auditURL: DatabaseURL? = nil,
        transport: ServerSettings.Transport = .insecureHTTP,
        configure: @escaping @Sendable (inout ServerSettings) -> Void = { _ in },
        _ body: @escaping @Sendable (Endpoint) async throws -> T
    ) async throws -> T {
        do {
            return try await start(url, auditURL: auditURL, transport: transport, configure: configure, body)
        } catch let error as PSQLError {
            // PSQLError hides its details from descriptions; a failing test needs them.
            throw TestFailure(String(reflecting: error))
        }
    }

    private static func start<T: Sendable>(
        _ url: DatabaseURL, auditURL: DatabaseURL?, transport: ServerSettings.Transport,
        configure: @escaping @Sendable (inout ServerSettings) -> Void, _ body: @escaping @Sendable (Endpoint) async throws -> T
    ) async throws -> T {
        try await Database.run(url, maximumConnections: 12, logger: Population.logger) { database async throws in
            guard let auditURL else {
                return try await serve(database, audit: nil, transport: transport, configure: configure, body)
            }
            return try await Database.run(auditURL, maximumConnections: 4, logger: Population.logger) { audit async throws in
                try await serve(database, audit: audit, transport: transport, configure: configure, body)
            }
        }
    }

    private static func serve<T: Sendable>(
        _ database: Database, audit: Database?, transport: ServerSettings.Transport,
        configure: @escaping @Sendable (inout ServerSettings) -> Void, _ body: @escaping @Sendable (Endpoint) async throws -> T
    ) async throws -> T {
        var settings = ServerSettings(listen: ListenAddress(host: "127.0.0.1", port: 0), transport: transport)
        settings.accessRefreshInterval = .milliseconds(200)
        configure(&settings)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = QueryServer(settings: settings, database: database, auditDatabase: audit, logger: Population.logger) { address in
            continuation.yield(address.port)
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: Population.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()  // the server's own error, if it gave one
                throw TestFailure("the server stopped before it listened")
            }
            do {
                let result = try await body(Endpoint(port: port, metrics: server.metrics))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

/// Where a test server listens, and how to call it.
struct Endpoint: Sendable {
    let port: Int
    let metrics: ServerMetrics

    /// One request on a connection of its own.
    func send(
        _ method: HTTPRequest.Method = .get, _ path: String, as grant: Grant? = nil, headers: HTTPFields = [:],
        body: String? = nil, tls: TLSConfiguration? = nil
    ) async throws -> Reply {
        try await TestClient.withClient(
            host: "127.0.0.1", port: port,
            configuration: .init(tlsConfiguration: tls, timeout: .seconds(30), serverName: tls == nil ? nil : "localhost")
        ) { client in
            try await Reply(client.execute(Self.request(method, path, as: grant, headers: headers, body: body)))
        }
    }

    static func request(
        _ method: HTTPRequest.Method, _ path: String, as grant: Grant?, headers: HTTPFields = [:], body: String? = nil
    ) -> TestClient.Request {
        var fields = headers
        if let grant {
            if fields[.init("X-Service-Agreement")!] == nil { fields[.init("X-Service-Agreement")!] = grant.agreement.uuidString }
            if fields[.init("X-User-System")!] == nil { fields[.init("X-User-System")!] = grant.system.uuidString }
        }
        if body != nil { fields[.contentType] = "application/json" }
        return TestClient.Request(path, method: method, authority: "127.0.0.1", headers: fields, body: body.map { ByteBuffer(string: $0) })
    }
}

/// An answer, with its body parsed when it is JSON.
struct Reply: Sendable {
    let status: Int
    let contentType: String?
    let text: String

    init(_ response: TestClient.Response) {
        status = response.status.code
        contentType = response.headers[.contentType]
        text = response.body.map { String(buffer: $0) } ?? ""
    }

    /// The body as JSON (dictionaries, arrays, strings, numbers, booleans, NSNull).
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var isProblem: Bool { contentType == "application/problem+json" && object["status"] as? Int == status }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A unique call id, so a test finds exactly its own audit records.
func callID(_ label: String = "t") -> String { "\(label)-\(UUID().uuidString)" }

func headers(callID: String) -> HTTPFields {
    [.init("X-Call-Id")!: callID]
}
