import CPRFormat
import Testing

/// Building blocks for reader, values and fuzz tests: records with every field
/// filled by its kind, whole files in either framing, and a drain loop.
enum ReaderFixtures {
    static let owner = PNR("0101965058")!
    static let other = PNR("0709610015")!

    /// A record of `layout` with every field set by its kind: Latin-1 text,
    /// partial dates, minute 99, markers set. Deterministic.
    static func record(_ layout: RecordLayout, owner: PNR = owner) -> RecordWriter {
        var w = RecordWriter(layout: layout)
        for (i, f) in layout.fields.enumerated() where i > 0 {
            switch f.kind {
            case .numeric:
                w.set(field: i, String(repeating: "0", count: f.length - 1) + "\(i % 10)")
            case .alphanumeric:
                if f.start == 4 && f.length == 10 {  // SORTFELT-10 of 910
                    w.set(field: i, owner.digits)
                } else {
                    w.set(field: i, String(texts[i % texts.count].prefix(f.length)))
                }
            case .date:
                w.set(field: i, i % 2 == 0 ? "1941-00-00" : "2001-11-19")
            case .dateTime:
                w.set(field: i, i % 2 == 0 ? "194100001299" : "200111191230")
            case .pnr:
                w.set(field: i, (f.start == 4 ? owner : other).digits)
            case .uncertaintyMarker:
                w.set(field: i, "*")
            case .nameMarker:
                w.set(field: i, "+")
            case .annkor:
                w.set(field: i, "Æ")
            }
        }
        return w
    }

    static let texts = ["Ærø Åse", "Søren Kierkegård", "Hélène", "Vestergade", "K", "æøåÆØÅé"]

    /// Body records of every layout except 000/999 (extended 002 included).
    static var everyBodyLayout: [RecordLayout] {
        RecordLayouts.all.filter { $0.type != .startRecord && $0.type != .endRecord }
    }

    /// 000, `records`, 999 with the right TAELLER.
    static func file(_ records: [RecordWriter], framing: Framing) -> [UInt8] {
        var f = RecordFileWriter(framing: framing, opgavenr: 110901, proddto: (2001, 11, 19),
                                 proddtoForrig: (2001, 11, 18))
        for r in records { f.append(r) }
        f.finish()
        return f.bytes
    }

    /// 000, full-length `records` as given (possibly damaged), 999 with the right TAELLER.
    static func file(raw records: [[UInt8]], framing: Framing) -> [UInt8] {
        var f = RecordFileWriter(framing: framing, opgavenr: 110901, proddto: (2001, 11, 19),
                                 proddtoForrig: (2001, 11, 18))
        for r in records { f.append(record: r) }
        f.finish()
        return f.bytes
    }

    /// A small realistic file: one person with the usual record types.
    static func smallFile(_ framing: Framing) -> [UInt8] {
        let types: [RecordType] = [.personInformation, .currentAddress, .clearWrittenAddress, .currentName,
                                   .currentCivilStatus, .historicalAddress, .event]
        return file(types.map { record(RecordLayouts.layout(for: $0)!) }, framing: framing)
    }

    /// Lines of a line-framed file, with their terminators dropped.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    static func join(_ lines: [[UInt8]], terminator: [UInt8] = [0x0A]) -> [UInt8] {
        lines.flatMap { $0 + terminator }
    }

    struct Outcome {
        var records: [Record] = []
        var error: CPRFormatError?
        var reader: RecordReader
    }

    /// Reads to the end or the first error; never more calls than the input
    /// has bytes (a reader that fails to advance is a bug, not a hang).
    static func drain(_ bytes: [UInt8], options: RecordReader.Options = .init(),
                      maxReadSize: Int = .max) -> Outcome {
        let reader = RecordReader(source: BytesSource(bytes, maxReadSize: maxReadSize), name: "test.txt",
                                  options: options)
        var outcome = Outcome(reader: reader)
        for _ in 0...(bytes.count + 2) {
            do {
                guard let r = try outcome.reader.next() else { return outcome }
                outcome.records.append(r)
            } catch {
                outcome.error = error
                return outcome
            }
        }
        Issue.record("reader did not finish within \(bytes.count + 3) calls")
        return outcome
    }

    static func bytes(_ s: String) -> [UInt8] { Latin1.encode(s, replacement: UInt8(ascii: "?")) }

    /// The error `Record(parsing:)` throws for `bytes`, nil when it parses.
    static func parseError(_ bytes: [UInt8], number: Int = 1, offset: Int = 0) -> CPRFormatError? {
        do throws(CPRFormatError) {
            _ = try Record(parsing: bytes, fileName: "audit", number: number, offset: offset)
            return nil
        } catch {
            return error
        }
    }

    /// Ten or more digits in a row: what a CPR number looks like in a message.
    /// The test files' errors have no other such run (offsets and counts are short).
    static func hasTenDigitRun(_ s: String) -> Bool {
        var run = 0
        for u in s.utf8 {
            run = (u &- 0x30) < 10 ? run + 1 : 0
            if run >= 10 { return true }
        }
        return false
    }
}

@Suite struct ReaderFixtureTests {
    @Test func fixtureFilesParseInBothFramings() throws {
        for framing in [Framing.lines, .fixed] {
            let outcome = ReaderFixtures.drain(ReaderFixtures.smallFile(framing))
            #expect(outcome.error == nil, "\(framing): \(String(describing: outcome.error))")
            #expect(outcome.records.count == 9)
        }
    }
}
