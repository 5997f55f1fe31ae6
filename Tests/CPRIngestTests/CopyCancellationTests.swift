@testable import CPRIngest
@testable import CPRStore
import CPRTestSupport
import Logging
import PostgresNIO
import Testing

/// A stopping daemon cancels its pool's statements through PostgreSQL. A COPY so cancelled
/// ends on the server, and a further write on it made postgres-nio 1.33 trap ("Copy mode is
/// only supported for extended queries"), which killed the daemon mid-stop in a full test
/// run. The writers now stop first, and the load fails as any cancelled load does.
@Suite struct CopyCancellationTests {
    static let logger = Logger(label: "cprd.test.copy-cancellation")

    @Test func cancellingThePoolsStatementsMidCopyFailsTheLoadWithoutATrap() async throws {
        let url = try await TestPostgres.freshDatabase()
        let logger = Self.logger
        try await Database.run(url, maximumConnections: 4, logger: logger) { database in
            try await database.client.query("CREATE TABLE sink (line text)", logger: logger)
            let fanOut = CopyFanOut(database: database, targets: [.init(table: "sink", columns: ["line"])])
            let load = Task {
                try await fanOut.run { sinks in
                    // Endless rows: only the cancel ends this load.
                    while true {
                        for _ in 0..<1000 {
                            sinks.rows[0].field("a row that keeps the COPY busy")
                            sinks.rows[0].endRow()
                        }
                        try await sinks.flushFull()
                    }
                }
            }
            var copying = false
            for _ in 0..<200 where !copying {
                try await Task.sleep(for: .milliseconds(50))
                copying = try await database.client.query("""
                    SELECT count(*)::int FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'COPY%sink%' AND state = 'active'
                    """, logger: logger).decode(Int.self).collect() == [1]
            }
            try #require(copying, "the COPY never started")
            try await database.keepCancellingStatements(for: .seconds(2))
            await #expect(throws: (any Error).self) { try await load.value }
            let rows = try await database.client.query("SELECT count(*)::int FROM sink", logger: logger).decode(Int.self).collect()
            #expect(rows == [0], "a cancelled COPY leaves nothing")
            // The pool still serves: the COPY connections came back usable.
            #expect(try await database.client.query("SELECT 1::int", logger: logger).decode(Int.self).collect() == [1])
        }
    }

    /// A round announced after the ingest began but before a writer's COPY starts (the
    /// cancel may follow at any moment): the writer stops before its first chunk, by the
    /// ingest's round, not the one current when its COPY started.
    @Test func aRoundAnnouncedBeforeTheCopyStartsStopsItBeforeAnyRow() async throws {
        let url = try await TestPostgres.freshDatabase()
        let logger = Self.logger
        try await Database.run(url, maximumConnections: 4, logger: logger) { database in
            try await database.client.query("CREATE TABLE sink (line text)", logger: logger)
            let round = database.cancellation.round
            database.cancellation.announce()
            let fanOut = CopyFanOut(database: database, targets: [.init(table: "sink", columns: ["line"])], round: round)
            await #expect(throws: StatementCancellation.Stopped.self) {
                try await fanOut.run { sinks in
                    for _ in 0..<1000 {
                        sinks.rows[0].field("a row of a load that began before the stop")
                        sinks.rows[0].endRow()
                    }
                    return 1000
                }
            }
            let rows = try await database.client.query("SELECT count(*)::int FROM sink", logger: logger).decode(Int.self).collect()
            #expect(rows == [0], "a stopped COPY leaves nothing")
            #expect(try await database.client.query("SELECT 1::int", logger: logger).decode(Int.self).collect() == [1])
        }
    }
}
