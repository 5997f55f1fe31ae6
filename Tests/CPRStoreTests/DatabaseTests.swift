import CPRStore
import CPRTestSupport
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycleTestKit
import Testing

@Suite struct DatabaseTests {
    static let logger = Logger(label: "cprd.test.database")

    /// A job in a service (a rebuild replaying a file) opens a pool of its own; SIGTERM's
    /// graceful shutdown reaches every task of the service, and the pool must not close
    /// under the COPY in hand: postgres-nio traps when it does (or hangs, as here).
    @Test func aPoolOutlivesTheGracefulShutdownOfTheServiceThatOpenedIt() async throws {
        let url = try await TestPostgres.freshDatabase()
        let logger = Self.logger
        let rows = try await Self.finished(within: .seconds(30)) {
            try await testGracefulShutdown { trigger in
                try await Database.run(url, maximumConnections: 2, logger: logger) { database in
                    let copied = try await database.client.withConnection { connection in
                        try await connection.query("CREATE TEMP TABLE copied (n int)", logger: logger)
                        trigger.triggerGracefulShutdown()
                        // Long enough for a pool that follows the shutdown to have closed.
                        try await Task.sleep(for: .milliseconds(300))
                        try await connection.copyFrom(table: "copied", columns: ["n"], logger: logger) { writer in
                            try await writer.write(ByteBuffer(string: "1\n2\n3\n"))
                        }
                        return try await connection.query("SELECT count(*)::int FROM copied", logger: logger)
                            .decode(Int.self).collect()
                    }
                    let fresh = try await database.client.query("SELECT 1::int", logger: logger).decode(Int.self).collect()
                    return copied + fresh
                }
            }
        }
        #expect(rows == [3, 1], "nil: the pool stopped serving once the shutdown began")
    }

    /// A stopping sync daemon cancels its own pool's statements; a second pool of the same
    /// process (another service, another test) keeps its statements running.
    @Test func cancellingRunningStatementsReachesOnlyThisPool() async throws {
        let url = try await TestPostgres.freshDatabase()
        let logger = Self.logger
        try await Database.run(url, maximumConnections: 2, logger: logger) { mine in
            try await Database.run(url, maximumConnections: 2, logger: logger) { other in
                #expect(mine.applicationName != other.applicationName)
                // Long sleeps: only a cancel ends them, however slow the machine is.
                let sleeps = { @Sendable (database: Database) in
                    Task { try await database.client.query("SELECT pg_sleep(120)", logger: logger).collect() }
                }
                let active = { @Sendable () async throws -> Int in
                    try await mine.client.query("""
                        SELECT count(*)::int FROM pg_stat_activity
                        WHERE query = 'SELECT pg_sleep(120)' AND state = 'active' AND datname = current_database()
                        """, logger: logger).decode(Int.self).collect().first ?? 0
                }
                let theirs = sleeps(other)
                let ours = sleeps(mine)
                var running = 0
                for _ in 0..<600 where running < 2 {
                    try await Task.sleep(for: .milliseconds(50))
                    running = try await active()
                }
                try #require(running == 2)
                #expect(try await mine.cancelRunningStatements() == 1)
                await #expect(throws: PSQLError.self) { try await ours.value }
                #expect(try await active() == 1, "the other pool's statement still runs")
                #expect(try await other.cancelRunningStatements() == 1)
                await #expect(throws: PSQLError.self) { try await theirs.value }
            }
        }
    }

    /// The body's result, or nil when it has not finished in time; it is then left running,
    /// as a database call hung on a closed pool cannot be cancelled.
    static func finished<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let outcome = AsyncThrowingStream<T?, any Error> { continuation in
            Task {
                do {
                    continuation.yield(try await body())
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            Task {
                try? await Task.sleep(for: limit)
                continuation.yield(nil)
                continuation.finish()
            }
        }
        for try await value in outcome { return value }
        return nil
    }
}
