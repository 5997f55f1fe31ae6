import CPRStore
import Foundation
import PostgresNIO

/// Consumption per agreement and system over a period, from the audit log: what
/// Serviceplatformen's planned billing module would show a municipality.
public struct UsageReport: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        /// As presented by callers, in lower case (ids are UUIDs: one agreement sent in either
        /// case is one line); unknown or malformed ids appear as they were sent otherwise.
        public var agreement: String?
        public var agreementName: String?
        public var system: String?
        public var systemName: String?
        public var calls: Int
        public var allowed: Int
        public var denied: Int
        public var notFound: Int
        public var invalid: Int
        public var failed: Int
        /// PNRs whose data was returned, counted per answer.
        public var personsReturned: Int
    }

    public var from: Date
    public var to: Date
    public var lines: [Line]

    /// Requests with `from <= at < to`, largest consumers first.
    public static func read(_ database: Database, from: Date, to: Date) async throws -> UsageReport {
        let rows = try await database.client.query("""
            SELECT lower(l.agreement), a.name, lower(l.system), s.name, count(*),
                   count(*) FILTER (WHERE l.outcome = 'allowed'), count(*) FILTER (WHERE l.outcome = 'denied'),
                   count(*) FILTER (WHERE l.outcome = 'not-found'), count(*) FILTER (WHERE l.outcome = 'invalid'),
                   count(*) FILTER (WHERE l.outcome = 'failed'), coalesce(sum(cardinality(l.pnrs)), 0)
            FROM audit_log l
            LEFT JOIN service_agreement a ON a.id::text = lower(l.agreement)
            LEFT JOIN user_system s ON s.id::text = lower(l.system)
            WHERE l.at >= \(from) AND l.at < \(to)
            GROUP BY lower(l.agreement), a.name, lower(l.system), s.name
            ORDER BY count(*) DESC, lower(l.agreement) NULLS LAST, lower(l.system) NULLS LAST
            """, logger: database.logger)
            .decode((String?, String?, String?, String?, Int, Int, Int, Int, Int, Int, Int).self).collect()
        return UsageReport(from: from, to: to, lines: rows.map {
            Line(agreement: $0.0, agreementName: $0.1, system: $0.2, systemName: $0.3, calls: $0.4, allowed: $0.5,
                 denied: $0.6, notFound: $0.7, invalid: $0.8, failed: $0.9, personsReturned: $0.10)
        })
    }
}
