import CPRStore
import Foundation
import PostgresNIO

/// The audit log's daily partitions: made a week ahead, dropped after the retention period.
public enum AuditPartitions {
    public static let daysAhead = 7

    /// Creates missing partitions and drops expired ones; returns how many were dropped.
    @discardableResult
    public static func maintain(_ database: Database, retentionDays: Int?) async throws -> Int {
        try await database.client.query(
            "SELECT cprd_audit_maintain(\(retentionDays)::int, \(daysAhead)::int)", logger: database.logger
        ).decode(Int.self).collect().first ?? 0
    }

    /// Runs `maintain` every `interval` until cancelled (partitions must exist before midnight).
    static func maintenanceLoop(_ database: Database, retentionDays: Int?, interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            do {
                try await maintain(database, retentionDays: retentionDays)
            } catch {
                database.logger.warning("audit partition maintenance failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
