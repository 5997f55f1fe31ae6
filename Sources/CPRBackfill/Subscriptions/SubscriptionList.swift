import CPRFormat
import CPRStore
import Foundation
import PostgresNIO

/// The local list of PNR and municipality subscriptions (`subscription`).
public struct SubscriptionList: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Checks what an operator typed: 10-digit PNRs, municipality codes of up to 4 digits.
    public static func entries(pnrs: [String], municipalities: [String]) throws(BackfillError) -> [(Subscription.Kind, String)] {
        guard !pnrs.isEmpty || !municipalities.isEmpty else {
            throw .invalidArgument("give PNRs (10 digits) and/or --municipality CODE")
        }
        var entries: [(Subscription.Kind, String)] = []
        if !pnrs.isEmpty {
            for pnr in try JobArguments.validatePNRs(pnrs) { entries.append((.pnr, pnr)) }
        }
        for code in municipalities {
            guard (1...4).contains(code.count), code.allSatisfy(\.isASCII), let number = Int(code), number > 0 else {
                throw .invalidArgument("\"\(code)\" is not a municipality code: expected up to 4 digits, e.g. 0851")
            }
            entries.append((.municipality, String(format: "%04d", number)))
        }
        return entries
    }

    /// Marks entries wanted; returns how many changed (an entry already in scope stays as it is).
    @discardableResult
    public func add(_ entries: [(Subscription.Kind, String)]) async throws -> Int {
        try await set(entries, to: .adding, unless: ["adding", "active"])
    }

    /// Marks entries unwanted; returns how many changed. An entry upstream never held is dropped.
    @discardableResult
    public func remove(_ entries: [(Subscription.Kind, String)]) async throws -> Int {
        try await database.client.transaction(logger: database.logger) { connection in
            var changed = 0
            for (kind, value) in entries {
                let dropped = try await connection.query(
                    "DELETE FROM subscription WHERE kind = \(kind.rawValue) AND value = \(value) AND state = 'adding' RETURNING 1",
                    logger: database.logger
                ).collect().count
                let marked = try await connection.query("""
                    UPDATE subscription SET state = 'removing', changed_at = now(), answer = NULL
                    WHERE kind = \(kind.rawValue) AND value = \(value) AND state IN ('active', 'ended', 'rejected') RETURNING 1
                    """, logger: database.logger).collect().count
                changed += dropped + marked
            }
            return changed
        }
    }

    private func set(_ entries: [(Subscription.Kind, String)], to state: Subscription.State, unless: [String]) async throws -> Int {
        try await database.client.transaction(logger: database.logger) { connection in
            var changed = 0
            for (kind, value) in entries {
                changed += try await connection.query("""
                    INSERT INTO subscription (kind, value, state) VALUES (\(kind.rawValue), \(value), \(state.rawValue))
                    ON CONFLICT (kind, value) DO UPDATE SET state = EXCLUDED.state, changed_at = now(), answer = NULL
                    WHERE NOT (subscription.state = ANY(\(unless)))
                    RETURNING 1
                    """, logger: database.logger).collect().count
            }
            return changed
        }
    }

    public func all() async throws -> [Subscription] {
        var result: [Subscription] = []
        let rows = try await database.client.query("""
            SELECT kind, value, state, answer, changed_at, pushed_at FROM subscription ORDER BY kind DESC, value
            """, logger: database.logger).decode((String, String, String, String?, Date, Date?).self).collect()
        for (kind, value, state, answer, changed, pushed) in rows {
            guard let kind = Subscription.Kind(rawValue: kind), let state = Subscription.State(rawValue: state) else { continue }
            result.append(Subscription(kind: kind, value: value, state: state, answer: answer, changedAt: changed, pushedAt: pushed))
        }
        return result
    }

    /// Records what upstream answered, unless the entry was changed locally meanwhile.
    func record(_ entry: Subscription, state: Subscription.State, answer: String) async throws {
        try await database.client.query("""
            UPDATE subscription SET state = \(state.rawValue), answer = \(answer), pushed_at = now()
            WHERE kind = \(entry.kind.rawValue) AND value = \(entry.value) AND state = \(entry.state.rawValue)
            """, logger: database.logger)
    }
}
