import CPRFormat
import CPRStore
import Logging
import PostgresNIO

/// Joins the runs of persons whose records were not together in the file (some files put
/// every 003 at the end), in PostgreSQL and in bounded memory: find the persons with more
/// than one run, stream their runs back in file order, rebuild each person once, and
/// replace their staged rows.
struct RunMerger {
    let tables: StagingTables
    let rows: RunRows
    let database: Database
    let displayName: String
    /// The cancellation round of the ingest this merge is part of (`CopyFanOut.round`).
    var round: Int? = nil

    /// Returns the number of persons merged.
    func merge() async throws -> Int {
        let logger = database.logger
        let split = tables.raw + "_split"
        let client = database.client
        try await client.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(split)"), logger: logger)
        try await client.query(PostgresQuery(unsafeSQL: """
            CREATE UNLOGGED TABLE \(split) AS SELECT pnr FROM \(tables.raw) GROUP BY pnr HAVING count(*) > 1
            """), logger: logger)
        let count = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(split)"), logger: logger)
            .decode(Int.self).collect().first ?? 0
        guard count > 0 else {
            try await client.query(PostgresQuery(unsafeSQL: "DROP TABLE \(split)"), logger: logger)
            return 0
        }
        let merged = StagingTables.Merged(tables)
        for statement in merged.createStatements {
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        let targets: [CopyFanOut.Target] = [
            .init(table: merged.raw, columns: StagingTables.rawColumns),
            .init(table: merged.person, columns: StagingTables.personColumns),
            .init(table: merged.alias, columns: StagingTables.aliasColumns),
        ]
        let raw = tables.raw, rows = self.rows, displayName = self.displayName
        try await CopyFanOut(database: database, targets: targets, round: round).run { sinks in
            try await client.withConnection { connection in
                let stream = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT r.pnr, r.records, r.run_start, r.run_offset
                    FROM \(raw) r JOIN \(split) USING (pnr)
                    ORDER BY r.pnr, r.run_start
                    """), logger: logger)
                // One person's lines at a time, from all their runs.
                var current: (pnr: PNR, record: Int, offset: Int, lines: [ArraySlice<UInt8>])?
                var handled = 0
                for try await (pnrText, records, runStart, runOffset) in stream.decode((String, String, Int, Int).self) {
                    guard let pnr = PNR(pnrText) else { continue }
                    if current?.pnr != pnr {
                        if let person = current { try write(try assemble(person), &sinks) }
                        current = (pnr, runStart, runOffset, [])
                    }
                    current!.lines += Array(records.utf8).split(separator: UInt8(ascii: "\n"))
                    handled += 1
                    if handled % 1024 == 0 { try await sinks.flushFull() }
                }
                if let person = current { try write(try assemble(person), &sinks) }
            }

            /// The person's records in record-type order (stable within a type): the order a
            /// file that keeps a person's records together delivers them in.
            func assemble(_ person: (pnr: PNR, record: Int, offset: Int, lines: [ArraySlice<UInt8>])) throws -> PersonRun {
                var run = PersonRun(pnr: person.pnr, firstRecord: person.record, firstOffset: person.offset)
                let ordered = person.lines.enumerated().sorted { left, right in
                    let l = left.element.prefix(3), r = right.element.prefix(3)
                    return l.elementsEqual(r) ? left.offset < right.offset : l.lexicographicallyPrecedes(r)
                }
                for (_, line) in ordered {
                    let bytes = RecordText.latin1(ofUTF8: line)
                    guard let record = try? Record(parsing: bytes, fileName: displayName, number: person.record, offset: person.offset) else {
                        throw IngestError.content(file: displayName, record: person.record, offset: person.offset, problem: "a stored record no longer parses")
                    }
                    run.add(storedLine: line, record: record)
                }
                return run
            }

            func write(_ run: PersonRun, _ sinks: inout CopyFanOut.Sinks) throws {
                guard run.builder.personInformationCount == 1 else {
                    throw IngestError.content(
                        file: displayName, record: run.firstRecord, offset: run.firstOffset,
                        problem: "a person's records carry \(run.builder.personInformationCount) 001 records; expected exactly one"
                    )
                }
                rows.write(run, into: &sinks)
            }
        }
        for statement in [
            "DELETE FROM \(tables.raw) WHERE pnr IN (SELECT pnr FROM \(split))",
            "INSERT INTO \(tables.raw) SELECT * FROM \(merged.raw)",
            "DELETE FROM \(tables.person) WHERE pnr IN (SELECT pnr FROM \(split))",
            "INSERT INTO \(tables.person) SELECT * FROM \(merged.person)",
            "DELETE FROM \(tables.alias) WHERE source_pnr IN (SELECT pnr FROM \(split))",
            "INSERT INTO \(tables.alias) SELECT * FROM \(merged.alias)",
            "DROP TABLE \(split), \(merged.raw), \(merged.person), \(merged.alias)",
        ] {
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        return count
    }
}

extension StagingTables {
    /// Where merged persons are written before they replace their runs.
    struct Merged {
        let raw: String, person: String, alias: String
        let base: StagingTables

        init(_ base: StagingTables) {
            self.base = base
            raw = base.raw + "_merged"
            person = base.person + "_merged"
            alias = base.alias + "_merged"
        }

        var createStatements: [String] {
            [
                "DROP TABLE IF EXISTS \(raw), \(person), \(alias)",
                "CREATE UNLOGGED TABLE \(raw) (LIKE \(base.raw))",
                "CREATE UNLOGGED TABLE \(person) (LIKE \(base.person))",
                "CREATE UNLOGGED TABLE \(alias) (LIKE \(base.alias))",
            ]
        }
    }
}
