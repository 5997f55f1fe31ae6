import CPRFormat
import Foundation
import Testing

@testable import CPRGenerator

/// The committed fixtures are exactly what the generator writes for the options in
/// fixtures/README.md: the generator is deterministic across builds and platforms.
@Suite struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// Directory → the options `cprd generate` gets from the README's command.
    static let runs: [(String, GeneratorOptions)] = [
        ("lines", GeneratorOptions(persons: 20, seed: 1, changes: 2, framing: .lines, writeAsOfExtract: true)),
        ("fixed", GeneratorOptions(persons: 20, seed: 1, changes: 2, framing: .fixed, writeAsOfExtract: true)),
        ("address-records-at-end", GeneratorOptions(persons: 20, seed: 2, changes: 2, writeAsOfExtract: true, addressRecordsAtEnd: true)),
        ("receipts", GeneratorOptions(persons: 60, seed: 3, changes: 3, writeAsOfExtract: true, subscriptionReceipts: true)),
    ]

    @Test(arguments: runs.map(\.0))
    func fixturesAreWhatTheGeneratorWrites(directory: String) throws {
        let options = try #require(Self.runs.first { $0.0 == directory }?.1)
        let committed = Self.fixtures.appendingPathComponent(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: committed.path).filter { $0.hasSuffix(".cpr") }.sorted()
        let generated = try fileBytes(options)
        #expect(names == generated.keys.sorted())
        for name in names {
            let bytes = Array(try Data(contentsOf: committed.appendingPathComponent(name)))
            #expect(bytes == generated[name], "fixtures/\(directory)/\(name) differs: regenerate with fixtures/README.md")
        }
    }

    /// The README's commands, parsed as `cprd generate` would, give the options above.
    @Test func readmeCommandsMatchTheseOptions() throws {
        let readme = try String(contentsOf: Self.fixtures.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = readme.split(separator: "`").filter { $0.hasPrefix("cprd generate ") }
        #expect(commands.count == Self.runs.count)
        for command in commands {
            let words = command.split(separator: " ").dropFirst(2).map(String.init)
            var options = GeneratorOptions(persons: 0, seed: 0)
            var output = ""
            var i = 0
            while i < words.count {
                let value = i + 1 < words.count ? words[i + 1] : ""
                switch words[i] {
                case "--persons": options.persons = Int(value)!; i += 1
                case "--seed": options.seed = UInt64(value)!; i += 1
                case "--changes": options.changes = Int(value)!; i += 1
                case "--framing": options.framing = value == "fixed" ? .fixed : .lines; i += 1
                case "--output": output = value; i += 1
                case "--as-of-extract": options.writeAsOfExtract = true
                case "--address-records-at-end": options.addressRecordsAtEnd = true
                case "--receipts": options.subscriptionReceipts = true
                default: Issue.record("unexpected word \(words[i]) in \(command)")
                }
                i += 1
            }
            let expected = Self.runs.first { "fixtures/" + $0.0 == output }?.1
            #expect(expected == options, "\(command)")
        }
    }
}
