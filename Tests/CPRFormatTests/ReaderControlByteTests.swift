import CPRFormat
import Testing

/// No record may carry a byte below 0x20 or 0x7F once framing has taken the line
/// terminator off: a NUL breaks PostgreSQL's COPY, a line feed inside a record
/// breaks every later join-by-newline. The error names the byte's own offset.
@Suite struct ReaderControlByteTests {
    typealias F = ReaderFixtures

    /// 000, 001, `record`, 999 in `framing`.
    private func file(with record: RecordWriter, _ framing: Framing) -> [UInt8] {
        F.file([F.record(RecordLayouts.layout(for: .personInformation)!), record], framing: framing)
    }

    private func name(_ first: String) -> RecordWriter {
        var w = F.record(RecordLayouts.layout(for: .currentName)!)
        w.set("FORNVN", first)
        return w
    }

    @Test(arguments: [Framing.fixed, .lines])
    func nulInAFirstName(_ framing: Framing) throws {
        let bytes = file(with: name("Åse\u{0}Marie"), framing)
        let nul = try #require(bytes.firstIndex(of: 0x00))
        let e = try #require(F.drain(bytes).error)
        #expect(e.kind == .controlByte)
        #expect(e.recordNumber == 3)
        #expect(e.byteOffset == nul)
        #expect(e.recordType == .currentName)
        #expect(e.fieldName == "FORNVN")
        #expect(e.found == "byte 0x00 at position 17 of the record")  // FORNVN starts at 14; "Åse" is 3 bytes
        #expect(e.description.hasPrefix("test.txt: record 3 at byte \(nul) (type 008), field FORNVN: "))
    }

    @Test(arguments: [UInt8(0x0A), 0x0D])
    func lineBreakInsideAFixedLengthRecord(_ byte: UInt8) throws {
        var address = F.record(RecordLayouts.layout(for: .clearWrittenAddress)!)
        address.set("ADRNVN", "Hansen" + String(Character(Unicode.Scalar(byte))) + "Åse")
        let bytes = file(with: address, .fixed)
        let at = try #require(bytes.firstIndex(of: byte))
        let outcome = F.drain(bytes)
        #expect(outcome.reader.framing == .fixed)
        let e = try #require(outcome.error)
        #expect(e.kind == .controlByte)
        #expect(e.recordNumber == 3 && e.byteOffset == at)
        #expect(e.fieldName == "ADRNVN")
        #expect(outcome.records.count == 2)  // 000 and 001; the damaged 003 is never handed out
    }

    @Test func carriageReturnInsideALine() throws {
        let bytes = file(with: name("Åse\rMarie"), .lines)
        let e = try #require(F.drain(bytes).error)
        #expect(e.kind == .controlByte)
        #expect(e.byteOffset == bytes.firstIndex(of: 0x0D))
        // One CR before the LF is the terminator; a second one is inside the record.
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        #expect(F.drain(F.join(lines, terminator: [0x0D, 0x0A])).error == nil)
        lines[1] += [0x0D]
        let doubled = try #require(F.drain(F.join(lines, terminator: [0x0D, 0x0A])).error)
        #expect(doubled.kind == .controlByte && doubled.recordNumber == 2)
    }

    @Test(arguments: [UInt8(0x01), 0x09, 0x1B, 0x1F, 0x7F])
    func otherControlBytesInText(_ byte: UInt8) throws {
        for framing in [Framing.fixed, .lines] {
            let e = try #require(F.drain(file(with: name("Åse" + String(Character(Unicode.Scalar(byte)))), framing)).error)
            #expect(e.kind == .controlByte, "\(framing)")
            #expect(e.found.contains(String(byte, radix: 16, uppercase: true)), "\(framing)")
        }
    }

    /// Blank, `~`, and every Latin-1 byte above 0x7F stay text.
    @Test func printableAndHighBytesPass() throws {
        let text = [UInt8(0x20), 0x7E, 0x80, 0x9F, 0xA0, 0xC6, 0xFF].map { String(Character(Unicode.Scalar($0))) }.joined()
        for framing in [Framing.fixed, .lines] {
            let outcome = F.drain(file(with: name("A" + text + "B"), framing))
            #expect(outcome.error == nil, "\(framing): \(String(describing: outcome.error))")
            #expect(outcome.records[2].text("FORNVN") == "A" + text + "B")
        }
    }

    /// Every position of every layout, full length and trimmed to end at the
    /// bad byte (so the scan's short tails and word edges are all hit).
    @Test func everyPositionOfEveryLayout() throws {
        let bad: [UInt8] = [0x00, 0x0A, 0x0D, 0x1F, 0x7F, 0x09]
        var misses: [String] = []
        for layout in RecordLayouts.all {
            let good = F.record(layout).bytes
            for p in 3..<layout.length {
                var bytes = good
                bytes[p] = bad[p % bad.count]
                for candidate in [bytes, Array(bytes.prefix(p + 1))] {
                    let fitting = RecordLayouts.layout(for: layout.type, fitting: candidate.count)!
                    let field = fitting.fields.first { $0.range.contains(p) }!.name
                    guard let error = F.parseError(candidate, number: 7, offset: 1000) else {
                        misses.append("\(layout.name) position \(p + 1): accepted")
                        continue
                    }
                    if error.kind != .controlByte || error.byteOffset != 1000 + p || error.recordNumber != 7
                        || error.fieldName != field {
                        misses.append("\(layout.name) position \(p + 1): \(error)")
                    }
                }
            }
        }
        #expect(misses.isEmpty, "\(misses.count) misses, first: \(misses.prefix(3))")
    }

    /// A control byte is reported before a malformed field earlier in the record:
    /// its exact position is the more useful message.
    @Test func controlByteWinsOverABadField() throws {
        var bytes = F.record(RecordLayouts.layout(for: .personInformation)!).bytes
        bytes[23] = UInt8(ascii: "x")  // STATUS
        bytes[80] = 0x00  // STILLING
        let e = try #require(F.parseError(bytes))
        #expect(e.kind == .controlByte && e.byteOffset == 80)
    }
}
