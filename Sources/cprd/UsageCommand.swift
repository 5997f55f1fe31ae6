import ArgumentParser
import CPRServer
import CPRStore
import Foundation

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Calls per service agreement and user system over a period, from the audit log.",
        discussion: "The period is [--from, --to) in UTC; dates are YYYY-MM-DD (or full ISO 8601 times)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Start of the period (inclusive), YYYY-MM-DD.") var from: String
    @Option(help: "End of the period (exclusive), YYYY-MM-DD; default: now.") var to: String?
    @Option(help: "PostgreSQL URL of the audit log (CPRD_AUDIT_DATABASE_URL; default: the main database).") var auditDatabaseURL: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (configuration, logger) = try global.start("cprd.usage", extra: ["audit_database_url": auditDatabaseURL])
        guard let start = Self.date(from) else { throw ValidationError("--from is YYYY-MM-DD") }
        guard let end = to.map(Self.date) ?? Date() else { throw ValidationError("--to is YYYY-MM-DD") }
        let url = try configuration.string("audit_database_url").map { try DatabaseURL($0) } ?? global.databaseURL(from: configuration)
        let report = try await Database.run(url, maximumConnections: 1, logger: logger) { database in
            try await UsageReport.read(database, from: start, to: end)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let formatter = ISO8601DateFormatter()
        print("usage from \(formatter.string(from: report.from)) to \(formatter.string(from: report.to))")
        print("calls\tallowed\tdenied\tnot-found\tinvalid\tfailed\tpersons\tagreement\tsystem")
        for line in report.lines {
            let agreement = [line.agreement ?? "-", line.agreementName.flatMap { $0.isEmpty ? nil : "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            let system = [line.system ?? "-", line.systemName.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            print("\(line.calls)\t\(line.allowed)\t\(line.denied)\t\(line.notFound)\t\(line.invalid)\t\(line.failed)\t\(line.personsReturned)\t\(agreement)\t\(system)")
        }
        let total = report.lines.reduce(0) { $0 + $1.calls }
        print("total \(total) calls")
    }

    static func date(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
