import Logging
import NIOCore
import NIOPosix

/// PostgresClient's pool retries a server that is down forever, so a query waits forever.
/// A command that must fail instead (ingest, migrate, status) runs this watcher beside its
/// work: it opens a plain socket to the server now and then, and throws once the server has
/// been unreachable for longer than the limit, which ends the work with a clear error.
enum Reachability {
    static func watch(_ url: DatabaseURL, failAfter limit: Duration, logger: Logger) async throws {
        let interval = max(.milliseconds(250), limit / 5)
        var lastReached = ContinuousClock.now
        var lastError = ""
        while true {
            do {
                try await probe(url, timeout: interval)
                lastReached = .now
            } catch {
                lastError = "\(error)"
                logger.warning("database not reachable", metadata: ["database": "\(url)", "error": "\(error)"])
                if ContinuousClock.now - lastReached > limit {
                    throw DatabaseUnreachable(url: url, seconds: Int(limit.components.seconds), lastError: lastError)
                }
            }
            try await Task.sleep(for: interval)
        }
    }

    static func probe(_ url: DatabaseURL, timeout: Duration) async throws {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)))
        let channel: any Channel
        if let socketDirectory = url.socketDirectory {
            channel = try await bootstrap.connect(unixDomainSocketPath: "\(socketDirectory)/.s.PGSQL.\(url.port)").get()
        } else {
            channel = try await bootstrap.connect(host: url.host, port: url.port).get()
        }
        try await channel.close()
    }
}

public struct DatabaseUnreachable: Error, CustomStringConvertible {
    public var url: DatabaseURL
    public var seconds: Int
    public var lastError: String

    public var description: String {
        "database \(url) unreachable for more than \(seconds) s (\(lastError))"
    }
}
