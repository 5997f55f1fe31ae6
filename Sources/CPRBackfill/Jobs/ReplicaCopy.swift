import CPRStore
import Logging
import PostgresNIO

/// An empty copy of the replica's tables in a schema of its own, where a rebuild replays the
/// archive through the ordinary ingest path (its sessions' search_path puts the schema first).
/// Lookups keep reading the live tables meanwhile.
struct ReplicaCopy: Sendable {
    let schema: String
    let liveSchema: String

    /// Replaced at the switch: moved into the live schema with their indexes.
    static let replicaTables = ["person_raw", "person", "pnr_alias"]
    /// Kept by the rebuild for the switch to read: its own ledger, state, events and notices.
    static let bookkeepingTables = ["ingest_file", "person_change", "person_event", "upstream_notice", "replication_state"]

    /// The copy's sessions: its tables first, the live schema for extensions (pg_trgm).
    var searchPath: String { "\(schema), \(liveSchema)" }

    /// Creates the schema and its tables, inside the caller's transaction.
    func create(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
        for table in Self.replicaTables {
            try await connection.query(PostgresQuery(unsafeSQL:
                "CREATE TABLE \(schema).\(table) (LIKE \(liveSchema).\(table) INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            ), logger: logger)
            try await copyIndexes(of: table, on: connection, logger: logger)
        }
        for table in Self.bookkeepingTables {
            try await connection.query(PostgresQuery(unsafeSQL:
                "CREATE TABLE \(schema).\(table) (LIKE \(liveSchema).\(table) INCLUDING ALL)"
            ), logger: logger)
        }
        try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).replication_state (singleton) VALUES (true)"), logger: logger)
    }

    func drop(_ client: PostgresClient, logger: Logger) async throws {
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
    }

    /// Every index of the live table under its own name, so that the full-extract path (which
    /// recreates the indexes it finds) and the switch keep the names later migrations use.
    private func copyIndexes(of table: String, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT c.relname::text, pg_get_indexdef(i.indexrelid), i.indisprimary
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE t.relname = '\(table)' AND n.nspname = '\(liveSchema)'
            """), logger: logger).decode((String, String, Bool).self).collect()
        for (name, definition, isPrimary) in rows {
            // "CREATE [UNIQUE] INDEX name ON [schema.]table USING ..." → the copy's table.
            guard let on = definition.range(of: " ON "), let using = definition.range(of: " USING ", range: on.upperBound..<definition.endIndex) else {
                throw BackfillError.rebuild("cannot read the definition of index \(name)")
            }
            let statement = String(definition[..<on.upperBound]) + "\(schema).\(table)" + String(definition[using.lowerBound...])
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            if isPrimary {
                try await connection.query(PostgresQuery(unsafeSQL:
                    "ALTER TABLE \(schema).\(table) ADD CONSTRAINT \(name) PRIMARY KEY USING INDEX \(name)"
                ), logger: logger)
            }
        }
    }
}
