import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL connection URL: `postgres://user:password@host:port/database?sslmode=…`.
/// A Unix socket is named by `host=/path/to/socket/dir` in the query, as libpq does.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public enum SSLMode: String, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var socketDirectory: String?
    public var sslMode: SSLMode
    public var sslRootCertificate: String?
    /// Sessions' `search_path`, when set: a rebuild loads a copy of the replica in a schema of its own.
    public var searchPath: String?

    public init(_ text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw DatabaseURLError(problem: "must look like postgres://user@host:port/database")
        }
        let items = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 }
        )
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        host = components.host.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = components.port ?? 5432
        database = String(components.path.drop(while: { $0 == "/" })).removingPercentEncoding ?? ""
        if database.isEmpty { database = user }
        socketDirectory = items["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        if let portText = items["port"], let value = Int(portText) { port = value }
        if let mode = items["sslmode"] {
            guard let parsed = SSLMode(rawValue: mode) else {
                throw DatabaseURLError(problem: "sslmode must be disable, prefer, require or verify-full, got \"\(mode)\"")
            }
            sslMode = parsed
        } else {
            sslMode = socketDirectory == nil ? .prefer : .disable
        }
        sslRootCertificate = items["sslrootcert"]
    }

    /// The URL without its password, safe to log.
    public var description: String {
        let place = socketDirectory.map { "?host=\($0)" } ?? ""
        return "postgres://\(user)@\(host):\(port)/\(database)\(place)"
    }

    /// The full URL, password included, to hand to another process.
    public var text: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        var items = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        if let socketDirectory { items.append(URLQueryItem(name: "host", value: socketDirectory)) }
        if let sslRootCertificate { items.append(URLQueryItem(name: "sslrootcert", value: sslRootCertificate)) }
        components.queryItems = items
        return components.string ?? description
    }

    /// The same server, another database (tests and `demo` create databases).
    public func with(database name: String) -> DatabaseURL {
        var copy = self
        copy.database = name
        return copy
    }

    public func clientConfiguration(
        maximumConnections: Int = 8, applicationName: String = DatabaseURL.applicationName
    ) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: user, password: password, database: database
            )
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: try tls())
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = startupParameters(applicationName)
        return configuration
    }

    /// For a connection outside the pool (long COPY streams that must not starve it).
    public func connectionConfiguration(
        applicationName: String = DatabaseURL.applicationName
    ) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: user, password: password, database: database
            )
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
            case .require, .verifyFull: tls = .require(try NIOSSLContext(configuration: tlsConfiguration()))
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = startupParameters(applicationName)
        return configuration
    }

    /// Every connection names its process (`pg_stat_activity.application_name`), so operators
    /// see whose connections they are; a pool adds its own number (`Database.run`).
    public static let applicationName = "cprd[\(getpid())]"

    private func startupParameters(_ applicationName: String) -> [(String, String)] {
        var parameters = [("application_name", applicationName)]
        if let searchPath { parameters.append(("search_path", searchPath)) }
        return parameters
    }

    private func tls() throws -> PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration())
        case .require, .verifyFull: .require(tlsConfiguration())
        }
    }

    private func tlsConfiguration() -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable, .prefer, .require:
            // libpq's prefer/require encrypt without verifying the server.
            tls.certificateVerification = .none
        case .verifyFull:
            if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
        }
        return tls
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { "database URL \(problem)" }
}
