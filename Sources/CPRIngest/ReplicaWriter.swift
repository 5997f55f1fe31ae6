import CPRStore
import Logging
import PostgresNIO

/// Makes a loaded file the replica's content in one transaction, together with its ledger
/// row and the replication state: either the whole file is applied or none of it.
struct ReplicaWriter {
    let tables: StagingTables
    let database: Database
    /// The cancellation round the work belongs to: a stop announced since then ends it
    /// before its next statement, where a cancel would miss it between two statements.
    let round: Int

    init(tables: StagingTables, database: Database, round: Int? = nil) {
        self.tables = tables
        self.database = database
        self.round = round ?? database.cancellation.round
    }

    private func checkStop() throws { try database.cancellation.check(startedIn: round) }

    /// The order rule, checked again under the row lock of the replication state.
    typealias OrderCheck = @Sendable (Ledger.State) throws -> Void

    /// A change file: replace the record sets of every person it carries.
    func applyChange(entry: Ledger.Entry, checkOrder: OrderCheck) async throws -> Int64 {
        let logger = database.logger
        let t = tables
        for table in [t.raw, t.person, t.alias] {
            try checkStop()
            try await database.client.query(PostgresQuery(unsafeSQL: "ANALYZE \(table)"), logger: logger)
        }
        return try await database.client.withTransaction(logger: logger) { connection in
            try checkStop()
            try checkOrder(try await Ledger.state(connection, forUpdate: true, logger: logger))
            let fileID = try await Ledger.record(entry, outcome: "applied", on: connection, logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: Self.recordChanges(
                from: t, fileID: fileID, productionDate: entry.productionDate!
            )), logger: logger)
            for statement in Self.replacePersons(from: t) {
                try checkStop()
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await appendEventsAndNotices(fileID: fileID, on: connection)
            try checkStop()
            try await Ledger.advance(to: entry.productionDate!, fileID: fileID, on: connection, logger: logger)
            return fileID
        }
    }

    /// A change-feed row per person staged in `t`, in PNR order, with the municipalities the
    /// person lived in before and after: must run before `replacePersons`, while `person`
    /// still holds the old rows. Both, so that a municipality-limited reader also learns of
    /// someone who moved away or lost their address. Without a production date (a refresh),
    /// each row takes the staged person's own.
    static func recordChanges(from t: StagingTables, fileID: Int64?, productionDate: String?) -> String {
        let file = fileID.map(String.init) ?? "NULL"
        let production = productionDate.map { "'\($0)'::date" } ?? "s.production_date"
        return """
        INSERT INTO person_change (pnr, file_id, production_date, municipalities)
        SELECT s.pnr, \(file), \(production),
               array_remove(ARRAY[p.municipality_code, nullif(s.municipality_code, p.municipality_code)], NULL)
        FROM \(t.person) s LEFT JOIN person p ON p.pnr = s.pnr
        ORDER BY s.pnr
        """
    }

    /// Replaces the record sets of every person staged in `t`: a change file, or a refresh.
    static func replacePersons(from t: StagingTables) -> [String] {
        [
            "DELETE FROM person_raw WHERE pnr IN (SELECT pnr FROM \(t.person))",
            "DELETE FROM person WHERE pnr IN (SELECT pnr FROM \(t.person))",
            "DELETE FROM pnr_alias WHERE source_pnr IN (SELECT pnr FROM \(t.person))",
            "INSERT INTO person_raw (pnr, records) SELECT pnr, records FROM \(t.raw)",
            "INSERT INTO person SELECT * FROM \(t.person)",
            "INSERT INTO pnr_alias SELECT * FROM \(t.alias)",
        ]
    }

    /// A full extract: index the loaded tables, then rename them into place in one short
    /// transaction. Lookups read the old tables until that commit.
    func replaceReplica(entry: Ledger.Entry, checkOrder: OrderCheck) async throws -> Int64 {
        let logger = database.logger
        let client = database.client
        let t = tables
        try await client.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(t.raw) DROP COLUMN run_start, DROP COLUMN run_offset"), logger: logger)
        let pairs = [("person_raw", t.raw), ("person", t.person), ("pnr_alias", t.alias)]
        var renames: [String] = []
        for (live, load) in pairs {
            try checkStop()
            renames += try await buildIndexes(like: live, on: load)
            renames += try await grants(of: live, to: load)
            try await client.query(PostgresQuery(unsafeSQL: "ANALYZE \(load)"), logger: logger)
        }
        return try await client.withTransaction(logger: logger) { connection in
            try checkStop()
            try await connection.query("SET LOCAL lock_timeout = '60s'", logger: logger)
            try await connection.query("LOCK TABLE person, person_raw, pnr_alias IN ACCESS EXCLUSIVE MODE", logger: logger)
            try checkOrder(try await Ledger.state(connection, forUpdate: true, logger: logger))
            let fileID = try await Ledger.record(entry, outcome: "applied", on: connection, logger: logger)
            for (live, load) in pairs {
                try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(live)"), logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(load) RENAME TO \(live)"), logger: logger)
            }
            for statement in renames {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await appendEventsAndNotices(fileID: fileID, on: connection)
            // One change row without a PNR: everything may have changed; feed readers re-read.
            try await connection.query(
                "INSERT INTO person_change (pnr, file_id, production_date) VALUES (NULL, \(fileID), \(entry.productionDate!)::date)",
                logger: logger
            )
            try checkStop()
            try await Ledger.advance(to: entry.productionDate!, fileID: fileID, on: connection, logger: logger)
            return fileID
        }
    }

    private func appendEventsAndNotices(fileID: Int64, on connection: PostgresConnection) async throws {
        let logger = database.logger
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO person_event (pnr, file_id, timestampu, event_code, derived_mark, key_constant)
            SELECT pnr, \(fileID), timestampu, event_code, derived_mark, key_constant FROM \(tables.event)
            """), logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO upstream_notice (file_id, record_type, pnr, record)
            SELECT \(fileID), record_type, pnr, record FROM \(tables.notice)
            """), logger: logger)
    }

    /// Creates on `load` every index `live` has (whatever later migrations added), under
    /// temporary names; returns the statements that give them the live names after the swap.
    private func buildIndexes(like live: String, on load: String) async throws -> [String] {
        let logger = database.logger
        let rows = try await database.client.query(PostgresQuery(unsafeSQL: """
            SELECT c.relname::text, pg_get_indexdef(i.indexrelid), i.indisprimary, coalesce(k.conname::text, '')
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = t.oid
            WHERE t.relname = '\(live)' AND n.nspname = current_schema()
            """), logger: logger).decode((String, String, Bool, String).self).collect()
        var renames: [String] = []
        for (name, definition, isPrimary, constraint) in rows {
            let temporary = String((name + "_load").prefix(63))
            var statement = definition
            guard let onRange = statement.range(of: " ON ") else { continue }
            // "CREATE [UNIQUE] INDEX name ON schema.table USING ..." → new name, load table.
            let head = statement[..<onRange.lowerBound].replacingOccurrences(of: " \(name)", with: " \(temporary)")
            var tail = String(statement[onRange.upperBound...])
            if let using = tail.range(of: " USING ") {
                tail = "\(load)" + tail[using.lowerBound...]
            }
            statement = head + " ON " + tail
            try checkStop()
            try await database.client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            if isPrimary || !constraint.isEmpty {
                let kind = isPrimary ? "PRIMARY KEY" : "UNIQUE"
                try await database.client.query(PostgresQuery(unsafeSQL:
                    "ALTER TABLE \(load) ADD CONSTRAINT \(temporary) \(kind) USING INDEX \(temporary)"
                ), logger: logger)
                renames.append("ALTER TABLE \(live) RENAME CONSTRAINT \(temporary) TO \(constraint.isEmpty ? name : constraint)")
            } else {
                renames.append("ALTER INDEX \(temporary) RENAME TO \(name)")
            }
        }
        return renames
    }

    /// Privileges granted on the live table (e.g. to a read-only role of the query server)
    /// carry over to its replacement.
    private func grants(of live: String, to load: String) async throws -> [String] {
        let rows = try await database.client.query(PostgresQuery(unsafeSQL: """
            SELECT grantee::text, privilege_type::text FROM information_schema.role_table_grants
            WHERE table_name = '\(live)' AND table_schema = current_schema() AND grantee <> current_user
            """), logger: database.logger).decode((String, String).self).collect()
        return rows.map { "GRANT \($0.1) ON \(live) TO \"\($0.0)\"" }
    }
}
