import Logging
import PostgresNIO

/// A digest of the replica's person data (records, current state, aliases), independent of
/// row order and of when or from which file a row was written. Two replicas with equal
/// digests answer every lookup alike.
public enum ReplicaDigest {
    public static let tables: [(name: String, columns: String)] = [
        ("person_raw", "pnr, records"),
        ("person", "pnr, current_pnr, status, sex, birth_date, first_name, middle_name, last_name, search_name, municipality_code, road_code, road_name, house_number, floor, door, postal_code, name_address_protected, document, redacted_document"),
        ("pnr_alias", "old_pnr, current_pnr, source_pnr"),
    ]

    /// table name → md5 of its rows in a fixed order, plus the row count.
    public static func compute(_ database: Database) async throws -> [String: String] {
        var result: [String: String] = [:]
        for (table, columns) in tables {
            let query = PostgresQuery(unsafeSQL: """
                SELECT count(*)::text || ':' || coalesce(md5(string_agg(md5(row(\(columns))::text), '' ORDER BY md5(row(\(columns))::text))), '')
                FROM \(table)
                """)
            let rows = try await database.client.query(query, logger: database.logger).decode(String.self).collect()
            result[table] = rows.first ?? ""
        }
        return result
    }
}
