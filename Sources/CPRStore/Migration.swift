import Crypto
import Foundation

/// One numbered SQL file from `migrations/`, e.g. `0001_replica.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    /// SHA-256 of the file's text: a migration must never change once applied.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// `NNNN_name.sql` → version NNNN, name `name`.
    public init?(file: String, sql: String) {
        guard file.hasSuffix(".sql") else { return nil }
        let stem = file.dropLast(4)
        let digits = stem.prefix(while: \.isNumber)
        guard let version = Int(digits), stem.dropFirst(digits.count).first == "_" else { return nil }
        self.init(version: version, name: String(stem.dropFirst(digits.count + 1)), sql: sql)
    }

    /// The migrations this binary was built with.
    public static let bundled: [Migration] = embeddedMigrations
        .compactMap { Migration(file: $0.file, sql: $0.sql) }
        .sorted { $0.version < $1.version }
}
