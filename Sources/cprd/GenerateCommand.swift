import ArgumentParser
import CPRFormat
import CPRGenerator

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic but realistic CPR files: a status extract and a chain of change files.",
        discussion: """
            Everything is derived from --seed: the same options write byte-identical \
            files. Synthetic persons only, never real data.

            Files written to --output:
              extract-YYYYMMDD.cpr       status (full) extract at --start-date
              change-YYYYMMDD.cpr        one per following weekday; PRODDTOFORRIG is
                                         the previous file's PRODDTO
              asof-extract-YYYYMMDD.cpr  (--as-of-extract) the status extract as of
                                         the last change file: equal to the first
                                         extract with every change file applied

            A change file carries the complete record set of every changed person \
            plus 099 event records (moves, births, deaths, marriages, emigrations, \
            PNR changes …), related persons included.
            """
    )

    enum FramingChoice: String, ExpressibleByArgument, CaseIterable {
        case lines, fixed
    }

    @Option(help: "CPR numbers in the status extract.")
    var persons: Int

    @Option(help: "Seed of the generator (an unsigned 64-bit number).")
    var seed: UInt64

    @Option(help: "Change files after the status extract.")
    var changes: Int = 0

    @Option(help: "lines: one record per line, trailing blanks trimmed; fixed: full-length records back to back.")
    var framing: FramingChoice = .lines

    @Option(help: "Production date of the status extract (YYYY-MM-DD, a weekday).")
    var startDate: String = "2026-01-05"

    @Flag(help: "Also write the status extract as of the last change file.")
    var asOfExtract = false

    @Flag(help: "Write all 003 records at the end of each file instead of with each person.")
    var addressRecordsAtEnd = false

    @Flag(help: "Add a few 997 receipts (PNR subscription deleted) to each change file.")
    var receipts = false

    @Option(help: "Events per change file (default: persons / 800, at least 8).")
    var eventsPerChange: Int?

    @Option(help: "Directory to write the files to; created if missing.")
    var output: String

    func validate() throws {
        guard persons >= 1 else { throw ValidationError("--persons must be at least 1") }
        guard changes >= 0 else { throw ValidationError("--changes must not be negative") }
        if let eventsPerChange, eventsPerChange < 0 { throw ValidationError("--events-per-change must not be negative") }
    }

    func run() async throws {
        let options = GeneratorOptions(
            persons: persons, seed: seed, changes: changes, framing: framing == .fixed ? .fixed : .lines,
            startDate: startDate, writeAsOfExtract: asOfExtract, addressRecordsAtEnd: addressRecordsAtEnd,
            subscriptionReceipts: receipts, eventsPerChange: eventsPerChange
        )
        let files: [GeneratedFile]
        do {
            files = try Generator.write(options, to: output)
        } catch let error as GeneratorError {
            throw CommandFailure(description: "generate: \(error)")
        }
        for file in files {
            print("generate: \(file.kind.rawValue) \(file.path) production \(file.productionDate) previous \(file.previousProductionDate) persons \(file.persons) records \(file.records) bytes \(file.bytes)")
        }
    }
}
