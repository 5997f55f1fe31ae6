import CPRServer
import CPRStore
import CPRTestSupport
import Foundation
import HTTPTypes
import PostgresNIO
import Testing

@Suite struct AuditTests {
    struct Row: Sendable {
        let agreement, system, user, onBehalfOf, accounting, route, method, outcome: String?
        let status: Int
        let pnrs: [String]
        let latency: Int
    }

    static func rows(callID: String, in database: Database) async throws -> [Row] {
        try await database.client.query("""
            SELECT agreement, system, user_id, on_behalf_of, accounting, route, method, outcome, status::int, pnrs, latency_us
            FROM audit_log WHERE call_id = \(callID)
            """, logger: Population.logger)
            .decode((String?, String?, String?, String?, String?, String?, String?, String?, Int, [String], Int).self).collect()
            .map { Row(agreement: $0.0, system: $0.1, user: $0.2, onBehalfOf: $0.3, accounting: $0.4, route: $0.5, method: $0.6,
                       outcome: $0.7, status: $0.8, pnrs: $0.9, latency: $0.10) }
    }

    @Test func everyRequestIsRecordedWithItsInvocationContext() async throws {
        let population = try await Population.get()
        let known = Array(population.active.prefix(3))
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        let (single, many, missing) = (callID("single"), callID("many"), callID("missing"))
        try await TestServer.run(population.url) { server async throws in
            let context: HTTPFields = [
                .init("X-User")!: "caseworker-17", .init("X-On-Behalf-Of")!: "case 2026/481", .init("X-Accounting-Info")!: "cost centre 4",
            ]
            var fields = context
            fields[.init("X-Call-Id")!] = single
            #expect(try await server.send(.get, "/v1/persons/\(known[0])", as: grant, headers: fields).status == 200)
            let body = #"{"pnrs":["\#(known[1])","\#(known[2])","0000000001"]}"#
            #expect(try await server.send(.post, "/v1/persons/lookup", as: grant, headers: headers(callID: many), body: body).status == 200)
            #expect(try await server.send(.get, "/v1/persons/0000000001", as: grant, headers: headers(callID: missing)).status == 404)
        }
        try await population.withDatabase { database async throws in
            let first = try #require(try await Self.rows(callID: single, in: database).first)
            #expect(first.agreement == grant.agreement.uuidString)
            #expect(first.system == grant.system.uuidString.lowercased())
            #expect(first.user == "caseworker-17")
            #expect(first.onBehalfOf == "case 2026/481")
            #expect(first.accounting == "cost centre 4")
            #expect(first.route == "/v1/persons/{pnr}")
            #expect(first.method == "GET")
            #expect(first.status == 200 && first.outcome == "allowed")
            #expect(first.pnrs == [known[0]])
            #expect(first.latency > 0)

            let second = try await Self.rows(callID: many, in: database)
            #expect(second.count == 1, "one record per request")
            #expect(Set(second.first?.pnrs ?? []) == Set(known[1...2]))

            let third = try #require(try await Self.rows(callID: missing, in: database).first)
            #expect(third.status == 404 && third.outcome == "not-found" && third.pnrs.isEmpty)
        }
    }

    @Test func auditGoesToItsOwnDatabaseWhenGivenOne() async throws {
        let population = try await Population.get()
        let auditURL = try await TestPostgres.freshDatabase(migrated: true)
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        let call = callID("elsewhere")
        try await TestServer.run(population.url, auditURL: auditURL) { server async throws in
            #expect(try await server.send(.get, "/v1/persons/\(population.active[0])", as: grant, headers: headers(callID: call)).status == 200)
        }
        try await Database.run(auditURL, maximumConnections: 1, logger: Population.logger) { audit async throws in
            #expect(try await Self.rows(callID: call, in: audit).count == 1)
        }
        try await population.withDatabase { main async throws in
            #expect(try await Self.rows(callID: call, in: main).isEmpty)
        }
    }

    @Test func noAnswerWithoutItsAuditRecord() async throws {
        let population = try await Population.get()
        let auditURL = try await TestPostgres.freshDatabase(migrated: true)
        let grant = try await population.withDatabase { try await Grant.make([.lookup], on: $0) }
        try await TestServer.run(population.url, auditURL: auditURL) { server async throws in
            #expect(try await server.send(.get, "/v1/persons/\(population.active[0])", as: grant).status == 200)
            try await Database.run(auditURL, maximumConnections: 1, logger: Population.logger) { audit async throws in
                try await audit.client.query("ALTER TABLE audit_log RENAME TO audit_log_unwritable", logger: Population.logger)
            }
            let reply = try await server.send(.get, "/v1/persons/\(population.active[0])", as: grant)
            #expect(reply.status == 503)
            #expect(reply.isProblem)
            #expect(!reply.text.contains(population.active[0]))
            let ready = try await server.send(.get, "/readyz")
            #expect(ready.status == 503, "not ready while the audit log cannot be written")
            #expect(ready.text.contains("audit"))
        }
    }

    @Test func partitionsAreMadeAheadAndDroppedAfterRetention() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        try await Database.run(url, maximumConnections: 1, logger: Population.logger) { database async throws in
            try await Self.makePartition(day: "2020-01-01", on: database)
            let dropped = try await AuditPartitions.maintain(database, retentionDays: 30)
            #expect(dropped == 1)
            let names = try await database.client.query("""
                SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'audit_log'::regclass ORDER BY 1
                """, logger: Population.logger).decode(String.self).collect()
            #expect(!names.contains("audit_log_20200101"))
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            for days in 0...AuditPartitions.daysAhead {
                let day = formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
                #expect(names.contains("audit_log_\(day)"), "partition for \(day)")
            }
        }
    }

    @Test func aDayIsIndexedOnceItIsOverAndTheOpenDaysAreLeftToTheirWriters() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        try await Database.run(url, maximumConnections: 2, logger: Population.logger) { database async throws in
            let logger = Population.logger
            for day in ["20200102", "20200103"] {
                try await Self.makePartition(day: day, on: database)
                for pnr in ["0101011234", "0202021234"] {
                    try await database.client.query(PostgresQuery(unsafeSQL: """
                        INSERT INTO audit_log (at, method, route, status, outcome, pnrs, latency_us)
                        VALUES ('\(day) 12:00+00', 'GET', '/v1/persons/{pnr}', 200, 'allowed', '{\(pnr)}', 1)
                        """), logger: logger)
                }
            }
            // An index build that failed halfway leaves an invalid index under the same name.
            await #expect(throws: PSQLError.self) {
                try await database.client.query(
                    "CREATE UNIQUE INDEX CONCURRENTLY audit_log_20200103_pnrs_idx ON audit_log_20200103 (status)", logger: logger
                )
            }
            try await AuditPartitions.maintain(database, retentionDays: nil)
            let today = try await database.client.query(
                "SELECT 'audit_log_' || to_char((now() AT TIME ZONE 'UTC')::date, 'YYYYMMDD')", logger: logger
            ).decode(String.self).collect()[0]

            let closed = try await AuditPartitions.closeDays(database)
            #expect(closed.contains("audit_log_20200102"))
            #expect(closed.contains("audit_log_20200103"))
            #expect(!closed.contains(today))

            let state = try await database.client.query("""
                SELECT c.relname::text, count(x.indexrelid) FILTER (WHERE x.indisvalid)::int,
                       count(x.indexrelid) FILTER (WHERE NOT x.indisvalid)::int,
                       coalesce(array_to_string(c.reloptions, ','), '')
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                LEFT JOIN pg_index x ON x.indrelid = c.oid
                WHERE i.inhparent = 'audit_log'::regclass GROUP BY 1, 4
                """, logger: logger).decode((String, Int, Int, String).self).collect()
            let byName = Dictionary(uniqueKeysWithValues: state.map { ($0.0, ($0.1, $0.2, $0.3)) })
            for day in ["audit_log_20200102", "audit_log_20200103"] {
                #expect(byName[day]?.0 == 1, "\(day) has its PNR index")
                #expect(byName[day]?.1 == 0, "\(day) has no invalid index left")
                #expect(byName[day]?.2 == "", "\(day) is autovacuum's again")
            }
            #expect(byName[today]?.0 == 0, "the open day is not indexed")
            #expect(byName[today]?.2 == "autovacuum_enabled=off", "the open day is left out of autovacuum")

            let readers = try await database.client.query(
                "SELECT count(*)::int FROM audit_log_20200103 WHERE pnrs @> ARRAY['0101011234']", logger: logger
            ).decode(Int.self).collect()
            #expect(readers == [1])
            #expect(try await AuditPartitions.closeDays(database).isEmpty)
        }
    }

    @Test func aStopCancelsTheIndexBuildInTheDatabaseAndTheNextRunMakesItAnew() async throws {
        let url = try await TestPostgres.freshDatabase(migrated: true)
        let logger = Population.logger
        try await Database.run(url, maximumConnections: 3, logger: logger) { database async throws in
            try await Self.makePartition(day: "2020-01-05", on: database)
            try await database.withDedicatedConnection { blocker in
                // An older snapshot: CREATE INDEX CONCURRENTLY waits for it to end.
                try await blocker.query("BEGIN ISOLATION LEVEL REPEATABLE READ", logger: logger)
                _ = try await blocker.query("SELECT count(*) FROM audit_log", logger: logger).collect()
                let build = Task { try await AuditPartitions.closeDays(database) }
                var waiting = false
                for _ in 0..<100 where !waiting {
                    try await Task.sleep(for: .milliseconds(100))
                    waiting = try await database.client.query("""
                        SELECT count(*)::int FROM pg_stat_activity
                        WHERE query LIKE 'CREATE INDEX CONCURRENTLY audit_log_20200105%' AND state = 'active'
                        """, logger: logger).decode(Int.self).collect() == [1]
                }
                // Without a working cancel the build would wait for the blocker forever.
                let release = Task {
                    try await Task.sleep(for: .seconds(60))
                    try await blocker.query("ROLLBACK", logger: logger)
                }
                defer { release.cancel() }
                try #require(waiting, "the build never started")
                let stop = ContinuousClock.now
                build.cancel()
                let outcome = await build.result
                // Generous for a loaded machine (15 s seen in a full run beside builds); a build
                // that is not cancelled waits the whole 60 s for the blocker.
                #expect(ContinuousClock.now - stop < .seconds(40))
                #expect(throws: (any Error).self) { try outcome.get() }
                try await blocker.query("ROLLBACK", logger: logger)
            }
            #expect(try await AuditPartitions.closeDays(database).contains("audit_log_20200105"))
            let indexes = try await database.client.query("""
                SELECT count(*) FILTER (WHERE x.indisvalid)::int, count(*) FILTER (WHERE NOT x.indisvalid)::int
                FROM pg_index x WHERE x.indrelid = 'audit_log_20200105'::regclass
                """, logger: logger).decode((Int, Int).self).collect()
            #expect(indexes.first?.0 == 1 && indexes.first?.1 == 0, "\(indexes)")
        }
    }

    /// A partition for a past day (`YYYY-MM-DD` or `YYYYMMDD`), as maintenance would have made it.
    static func makePartition(day: String, on database: Database) async throws {
        try await database.client.query(PostgresQuery(unsafeSQL: """
            DO $$ DECLARE day date := '\(day)'; BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
                    'audit_log_' || to_char(day, 'YYYYMMDD'), day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
            END $$
            """), logger: Population.logger)
    }

    @Test func usageCountsCallsPerAgreementAndSystem() async throws {
        let population = try await Population.get()
        let (a, b) = try await population.withDatabase { database async throws in
            (try await Grant.make([.lookup], on: database), try await Grant.make([.lookup], on: database))
        }
        let start = Date().addingTimeInterval(-60)
        try await TestServer.run(population.url) { server async throws in
            #expect(try await server.send(.get, "/v1/persons/\(population.active[0])", as: a).status == 200)
            #expect(try await server.send(.post, "/v1/persons/lookup", as: a, body: #"{"pnrs":["\#(population.active[1])","\#(population.active[2])"]}"#).status == 200)
            #expect(try await server.send(.get, "/v1/persons?postalCode=8000", as: a).status == 403)
            #expect(try await server.send(.get, "/v1/persons/\(population.active[0])", as: b).status == 200)
            // The same agreement in lower case is the same consumer.
            let lower: HTTPFields = [HTTPField.Name("X-Service-Agreement")!: a.agreement.uuidString.lowercased()]
            #expect(try await server.send(.get, "/v1/persons/\(population.active[3])", as: a, headers: lower).status == 200)
        }
        let report = try await population.withDatabase { try await UsageReport.read($0, from: start, to: Date().addingTimeInterval(60)) }
        let lineA = try #require(report.lines.first { $0.agreement == a.agreement.uuidString.lowercased() })
        #expect(lineA.calls == 4 && lineA.allowed == 3 && lineA.denied == 1)
        #expect(lineA.personsReturned == 4)
        #expect(lineA.system == a.system.uuidString.lowercased())
        #expect(lineA.systemName?.hasPrefix("test ") == true)
        #expect(report.lines.filter { $0.agreement == a.agreement.uuidString.lowercased() }.count == 1)
        let lineB = try #require(report.lines.first { $0.agreement == b.agreement.uuidString.lowercased() })
        #expect(lineB.calls == 1)
    }
}
