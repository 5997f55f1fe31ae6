import CPRStore
import Logging
import PostgresNIO

/// `cprd ingest --force` while `cprd sync` holds the writer lock: the operator's request to
/// apply one change file (by content) past a gap, which the daemon carries out when its queue
/// stands at that file. The request ends when the ledger has the file, either way: a change
/// file older than the replica is rejected even so (see `Ingestor.orderRule`).
public enum ForcedFile {
    public static func request(_ fingerprint: FileFingerprint, name: String, _ database: Database) async throws {
        try await database.client.query(
            "INSERT INTO forced_file (sha256, file_name) VALUES (\(fingerprint.sha256), \(name)) ON CONFLICT (sha256) DO NOTHING",
            logger: database.logger
        )
    }

    /// Whether a request names a file called `name` (the content is checked when applying).
    public static func isRequested(name: String, _ database: Database) async throws -> Bool {
        try await database.client.query(
            "SELECT EXISTS (SELECT 1 FROM forced_file WHERE file_name = \(name))", logger: database.logger
        ).decode(Bool.self).collect().first ?? false
    }

    public static func isRequested(sha256: String, _ database: Database) async throws -> Bool {
        try await database.client.query(
            "SELECT EXISTS (SELECT 1 FROM forced_file WHERE sha256 = \(sha256))", logger: database.logger
        ).decode(Bool.self).collect().first ?? false
    }

    public static func done(sha256: String, _ database: Database) async throws {
        try await database.client.query("DELETE FROM forced_file WHERE sha256 = \(sha256)", logger: database.logger)
    }

    /// The ledger's verdict on these bytes once a row exists from `since` on: (outcome, error).
    public static func verdict(sha256: String, since: Int64, _ database: Database) async throws -> (outcome: String, error: String?)? {
        try await database.client.query("""
            SELECT outcome, error FROM ingest_file WHERE sha256 = \(sha256) AND id > \(since) ORDER BY id DESC LIMIT 1
            """, logger: database.logger).decode((String, String?).self).collect().first.map { (outcome: $0.0, error: $0.1) }
    }

    /// The newest ledger row's id, to tell later verdicts from earlier ones.
    public static func newestLedgerID(_ database: Database) async throws -> Int64 {
        try await database.client.query("SELECT coalesce(max(id), 0) FROM ingest_file", logger: database.logger)
            .decode(Int64.self).collect().first ?? 0
    }
}
