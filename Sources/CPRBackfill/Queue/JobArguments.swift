import CPRFormat
import Foundation

/// The parameters of each kind of job, stored as JSON in `backfill_job.arguments`.
public enum JobArguments {
    public struct Rebuild: Codable, Sendable, Equatable {
        /// Replay files up to and including this production date (YYYY-MM-DD); nil: all.
        public var upTo: String?
        public init(upTo: String? = nil) { self.upTo = upTo }
    }

    public struct Refresh: Codable, Sendable, Equatable {
        public var pnrs: [String]
        public init(pnrs: [String]) { self.pnrs = pnrs }
    }

    public struct Reconcile: Codable, Sendable, Equatable {
        /// Enqueue a refresh of missing persons and a dry-run purge of persons out of scope.
        public var fix: Bool
        public init(fix: Bool = false) { self.fix = fix }
    }

    public struct Purge: Codable, Sendable, Equatable {
        /// False: only count what would be removed.
        public var execute: Bool
        /// With `execute`: the count the dry run reported. More persons out of scope than
        /// that when the job starts (the subscription list shrank meanwhile, say) refuses the
        /// purge. Nil only for jobs enqueued before it existed.
        public var expect: Int?
        public init(execute: Bool = false, expect: Int? = nil) {
            self.execute = execute
            self.expect = expect
        }
    }

    /// Checks what an operator typed before anything is stored.
    public static func validatePNRs(_ pnrs: [String]) throws(BackfillError) -> [String] {
        guard !pnrs.isEmpty else { throw .invalidArgument("give at least one PNR (10 digits)") }
        var seen = Set<String>()
        var result: [String] = []
        for (index, text) in pnrs.enumerated() {
            guard PNR(text) != nil else {
                throw .invalidArgument("argument \(index + 1) is not a PNR: expected exactly 10 digits without a hyphen")
            }
            if seen.insert(text).inserted { result.append(text) }
        }
        return result
    }

    public static func validateDate(_ text: String) throws(BackfillError) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year > 1900, (1...12).contains(month), (1...31).contains(day)
        else { throw .invalidArgument("\"\(text)\" is not a production date: expected YYYY-MM-DD") }
        return text
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, job: Int64) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw BackfillError.corruptJob(id: job)
        }
    }
}
