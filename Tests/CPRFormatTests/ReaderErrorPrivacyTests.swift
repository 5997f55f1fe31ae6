import CPRFormat
import Testing

/// Error messages go to technical logs and the ingest ledger, where CPR numbers
/// must never appear (product §2). Malformed files of every kind: no error may
/// contain a PNR of its input, nor any other run of ten digits.
@Suite struct ReaderErrorPrivacyTests {
    typealias F = ReaderFixtures

    /// Every PNR the fixture files hold.
    let pnrs = [F.owner.digits, F.other.digits]

    private func layout(_ type: RecordType) -> RecordLayout { RecordLayouts.layout(for: type)! }

    /// Fails the test when `error` is nil or carries a PNR; `label` says which input.
    private func expectNoPNR(_ error: CPRFormatError?, _ label: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else {
            Issue.record("\(label): no error", sourceLocation: sourceLocation)
            return
        }
        let text = error.description
        for pnr in pnrs {
            #expect(!text.contains(pnr), "\(label): \(text)", sourceLocation: sourceLocation)
        }
        #expect(!F.hasTenDigitRun(text), "\(label): \(text)", sourceLocation: sourceLocation)
        #expect(text.hasPrefix(error.fileName + ": record "), "\(label): \(text)", sourceLocation: sourceLocation)
    }

    /// Damaged whole files, each failing a different check of the reader.
    @Test(arguments: [Framing.lines, .fixed])
    func malformedFiles(_ framing: Framing) throws {
        let good = F.smallFile(framing)
        let records = F.drain(good).records
        let personLine = F.record(layout(.personInformation)).bytes
        var cases: [(String, [UInt8])] = []

        // No 000: the file starts with a person record (type, then the PNR).
        cases.append(("missing 000", Array(good[records[1].offset...])))
        // A person record after 999.
        cases.append(("data after 999", good + [0x0A] + personLine))
        // A control byte right after the PNR of 001, and one inside it.
        for at in [13, 7] {
            var damaged = good
            damaged[records[1].offset + at] = 0x00
            cases.append(("NUL at 001 position \(at + 1)", damaged))
        }
        // 001 cut short at end of input, in the middle of its PNR and after it.
        for keep in [8, 40] {
            cases.append(("001 cut after \(keep) bytes", Array(good[..<(records[1].offset + keep)])))
        }
        // A PNR with a letter in it, and the other PNR where a date or date-time belongs.
        var letter = good
        letter[records[1].offset + 3 + 5] = UInt8(ascii: "x")
        cases.append(("letter in the owner PNR", letter))
        var inDate = good
        inDate.replaceSubrange((records[1].offset + 39)..<(records[1].offset + 49), with: F.bytes(F.other.digits))
        cases.append(("PNR in FOED_DT", inDate))
        var inDateTime = good
        inDateTime.replaceSubrange((records[1].offset + 25)..<(records[1].offset + 37),
                                   with: F.bytes(F.other.digits + "12"))
        cases.append(("PNR in STATUSHAENSTART", inDateTime))

        if framing == .fixed {
            // Blanks where a record should start, then a person record.
            var blanks = good
            blanks.insert(contentsOf: F.bytes("  "), at: records[2].offset)
            cases.append(("blanks before 002", blanks))
            // One byte lost inside the owner PNR: everything after it is shifted.
            var shifted = good
            shifted.remove(at: records[1].offset + 6)
            cases.append(("byte lost in 001", shifted))
        } else {
            var lines = F.lines(good).dropLast().map { $0 }
            // A line longer than its layout, an unknown type followed by a PNR,
            // a 014 with a digit lost from the child's PNR.
            var long = lines
            long[1] += Array(repeating: 0x20, count: 106 - long[1].count) + F.bytes("X")
            cases.append(("001 too long", F.join(long)))
            var unknown = lines
            unknown.insert(F.bytes("077" + F.owner.digits + "ABC"), at: 2)
            cases.append(("unknown type 077", F.join(unknown)))
            var child = F.record(layout(.child)).bytes
            child.remove(at: 20)
            lines.insert(child, at: 2)
            cases.append(("014 with a short child PNR", F.join(lines)))
        }

        for (label, bytes) in cases {
            expectNoPNR(F.drain(bytes).error, "\(framing): \(label)")
            expectNoPNR(F.drain(bytes, options: .init(skipUnknownRecordTypes: true)).error, "\(framing) skipping: \(label)")
        }
    }

    /// Every PNR field of every layout, with a letter in it, partly blank, and
    /// shifted into the neighbouring fields; every date and date-time field
    /// holding a PNR. Read as whole files and as single records.
    @Test func everyPersonFieldOfEveryLayout() throws {
        var checked = 0
        for layout in F.everyBodyLayout {
            for f in layout.fields where [.pnr, .date, .dateTime].contains(f.kind) {
                var variants: [(String, [UInt8])] = []
                let good = F.record(layout).bytes
                switch f.kind {
                case .pnr:
                    let digits = f.start == 4 ? F.owner.digits : F.other.digits
                    for (name, value) in [("letter", String(digits.prefix(5)) + "x" + digits.dropFirst(6)),
                                          ("partly blank", String(digits.prefix(7)) + "   ")] {
                        var bytes = good
                        bytes.replaceSubrange(f.range, with: F.bytes(value))
                        variants.append((name, bytes))
                    }
                    var shifted = good  // one byte before the field lost: the PNR slides left
                    shifted.remove(at: f.offset - 1)
                    shifted.append(0x20)
                    variants.append(("shifted", shifted))
                case .date:
                    var bytes = good
                    bytes.replaceSubrange(f.range, with: F.bytes(F.other.digits))
                    variants.append(("PNR as date", bytes))
                default:
                    var bytes = good
                    bytes.replaceSubrange(f.range, with: F.bytes(F.owner.digits + "99"))
                    variants.append(("PNR as date-time", bytes))
                }
                for (name, bytes) in variants {
                    let label = "\(layout.name) \(f.name) \(name)"
                    guard let parsed = F.parseError(bytes) else {
                        // A shift can leave a well-formed record (e.g. into text); nothing to say then.
                        if name != "shifted" { Issue.record("\(label): accepted") }
                        continue
                    }
                    expectNoPNR(parsed, "record \(label)")
                    for framing in [Framing.fixed, .lines] {
                        expectNoPNR(F.drain(F.file(raw: [bytes], framing: framing)).error, "\(framing) \(label)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    /// Envelope and service records carry no person data in their checked fields:
    /// their values are still quoted, which helps operators.
    @Test func envelopeValuesAreStillQuoted() throws {
        var start = F.smallFile(.fixed)
        start.replaceSubrange(3..<13, with: F.bytes(F.owner.digits))  // SORTFELT-10 is text, never quoted
        start.replaceSubrange(19..<27, with: F.bytes("20011332"))
        let e = try #require(F.drain(start).error)
        #expect(e.fieldName == "PRODDTO" && e.found == "\"20011332\"")
        expectNoPNR(e, "000")

        var error = F.record(layout(.errorRecord))
        error.set("SORTFELT-10", F.owner.digits)
        error.set("INDDATA", F.owner.digits + " ugyldigt personnummer")
        var bytes = error.bytes
        bytes.replaceSubrange(88..<92, with: F.bytes("12a4"))  // FEJLNR
        let e910 = try #require(F.parseError(bytes))
        #expect(e910.fieldName == "FEJLNR" && e910.found == "\"12a4\"")
        expectNoPNR(e910, "910")
    }
}
