import CPRFormat
import Testing

/// Each error kind, with the record number and byte offset it must name.
///
/// `smallFile(.fixed)` lays out as: 000 @0 (35), 001 @35 (106), 002 @141 (306),
/// 003 @447 (249), 008 @696 (193), 012 @889 (95), 023 @984 (96), 099 @1080 (45),
/// 999 @1125 (21); 1146 bytes.
@Suite struct ReaderErrorTests {
    typealias F = ReaderFixtures

    private func error(_ bytes: [UInt8], options: RecordReader.Options = .init()) throws -> CPRFormatError {
        let outcome = F.drain(bytes, options: options)
        return try #require(outcome.error, "expected an error")
    }

    private func patched(_ file: [UInt8], at offset: Int, _ text: String) -> [UInt8] {
        var out = file
        let bytes = F.bytes(text)
        out.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        return out
    }

    /// File offset of each line of a line-framed file.
    private func lineOffsets(_ lines: [[UInt8]]) -> [Int] {
        var offsets: [Int] = []
        var o = 0
        for l in lines {
            offsets.append(o)
            o += l.count + 1
        }
        return offsets
    }

    @Test func fixedLayoutOffsetsAreAsDocumented() {
        let records = F.drain(F.smallFile(.fixed)).records
        #expect(records.map(\.offset) == [0, 35, 141, 447, 696, 889, 984, 1080, 1125])
    }

    // MARK: Start record

    @Test func missingStartRecord() throws {
        let file = Array(F.smallFile(.fixed).dropFirst(35))
        let e = try error(file)
        #expect(e.kind == .missingStartRecord)
        #expect(e.recordNumber == 1 && e.byteOffset == 0)
        #expect(e.found == "\"001\"…")  // the type, never the PNR after it
    }

    @Test func emptyInputHasNoStartRecord() throws {
        let e = try error([])
        #expect(e.kind == .missingStartRecord)
        #expect(e.found == "end of input")
        #expect(e.description == "test.txt: record 1 at byte 0: expected start record 000, found end of input")
    }

    @Test func secondStartRecord() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines.insert(lines[0], at: 2)
        let e = try error(F.join(lines))
        #expect(e.kind == .duplicateStartRecord)
        #expect(e.recordNumber == 3)
        #expect(e.byteOffset == lineOffsets(lines)[2])
        #expect(e.recordType == .startRecord)
    }

    @Test func impossibleProductionDate() throws {
        let e = try error(patched(F.smallFile(.fixed), at: 19, "20011332"))
        #expect(e.kind == .badField)
        #expect(e.recordNumber == 1 && e.byteOffset == 0)
        #expect(e.fieldName == "PRODDTO")
    }

    // MARK: Fields

    @Test func badNumericFieldNamesEverything() throws {
        let e = try error(patched(F.smallFile(.fixed), at: 141 + 13, "08a1"))
        #expect(e.kind == .badField)
        #expect(e.recordNumber == 3 && e.byteOffset == 141)
        #expect(e.recordType == .currentAddress)
        #expect(e.fieldName == "KOMKOD")
        #expect(e.description == "test.txt: record 3 at byte 141 (type 002), field KOMKOD: expected 4 digits, found \"08a1\"")
    }

    /// (record offset in the fixed small file, field, its position, a bad value,
    /// what the error says was found). Codes and markers are quoted; PNRs, dates
    /// and date-times of a person record are described, never quoted.
    @Test(arguments: [
        (35, "FOED_DT", 40, "1941-13-01", "month 13"),
        (35, "FOED_DT", 40, "1941 00 00", "\" \" at position 5 of 10"),  // not dashes
        (35, "FOED_DT", 40, "1991-02-31", "day 31 in a month of 28 days"),
        (35, "FOED_DT", 40, "1900-02-29", "day 29 in a month of 28 days"),
        (35, "START_DT-PERSON", 51, "19a1-01-01", "\"a\" at position 3 of 10"),
        (35, "START_DT-PERSON", 51, "2001-04-31", "day 31 in a month of 30 days"),
        (35, "PNRGAELD", 14, "01019x5058", "\"x\" at position 6 of 10"),
        (35, "PNRGAELD", 14, "01019     ", "\" \" at position 6 of 10"),
        (35, "STATUSHAENSTART", 26, "19410000129x", "\"x\" at position 12 of 12"),
        (35, "STATUSHAENSTART", 26, "194113001200", "month 13"),
        (35, "STATUSHAENSTART", 26, "199102291200", "day 29 in a month of 28 days"),
        (35, "STATUSHAENSTART", 26, "200111194512", "hour 45"),
        (35, "STATUSHAENSTART", 26, "200111192400", "hour 24"),
        (35, "STATUSHAENSTART", 26, "200111191277", "minute 77"),
        (35, "STATUSHAENSTART", 26, "200111191260", "minute 60"),
        (35, "FOED_DT_UMRK", 50, "+", "\"+\""),
        (696, "FORNVN_MRK", 64, "x", "\"x\""),
        (984, "ANNKOR", 14, "a", "\"a\""),
        (35, "STATUS", 24, " 1", "\" 1\""),
    ])
    func eachKindIsChecked(_ recordOffset: Int, _ field: String, _ position: Int, _ bad: String, _ found: String) throws {
        for framing in [Framing.fixed, .lines] {
            var file = patched(F.smallFile(.fixed), at: recordOffset + position - 1, bad)
            var offset = recordOffset
            if framing == .lines {  // same records, re-framed as trimmed lines
                let records = splitFixed(file)
                file = F.join(records.map { $0.trimmed })
                offset = lineOffsets(records.map { $0.trimmed })[records.firstIndex { $0.offset == recordOffset }!]
            }
            let e = try error(file)
            #expect(e.kind == .badField, "\(framing)")
            #expect(e.fieldName == field, "\(framing)")
            #expect(e.byteOffset == offset, "\(framing)")
            #expect(e.found == found, "\(framing)")
        }
    }

    @Test func foundIsEscapedAndShort() throws {
        let e = try error(patched(F.smallFile(.fixed), at: 141 + 13, "\u{E6}\"\\x"))
        #expect(e.fieldName == "KOMKOD")
        #expect(e.found == #""æ\"\\x""#)
        // Fixed framing, where record 4 should start: 15 line feeds, then "X".
        var file = F.smallFile(.fixed)
        file.insert(contentsOf: Array(repeating: 0x0A, count: 15) + F.bytes("X"), at: 447)
        let long = try error(file)
        #expect(long.kind == .unknownRecordType)
        #expect(long.found.count <= 40)
        #expect(long.found.hasSuffix("…"))
    }

    // MARK: Framing

    @Test func recordCutShortInFixedFraming() throws {
        let e = try error(Array(F.smallFile(.fixed).prefix(447 + 100)))
        #expect(e.kind == .recordCutShort)
        #expect(e.recordNumber == 4 && e.byteOffset == 447)
        #expect(e.recordType == .clearWrittenAddress)
        #expect(e.expected == "249 bytes")
        #expect(e.found == "100 bytes before end of input")
    }

    @Test func lineLongerThanItsLayout() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines[1] += Array(repeating: 0x20, count: 106 - lines[1].count) + F.bytes("X")
        let e = try error(F.join(lines))
        #expect(e.kind == .lineTooLong)
        #expect(e.recordNumber == 2 && e.byteOffset == 36)
        #expect(e.recordType == .personInformation)
        #expect(e.found == "107 bytes")
    }

    @Test func address002MayBe382ButNotMore() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines[2] += Array(repeating: 0x20, count: 381 - lines[2].count) + F.bytes("X")
        #expect(F.drain(F.join(lines)).error == nil)
        lines[2] += F.bytes("Y")
        let e = try error(F.join(lines))
        #expect(e.kind == .lineTooLong)
        #expect(e.recordNumber == 3)
        #expect(e.expected == "at most 382 bytes")
    }

    @Test func noLineBreakWithinReach() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines[1] += Array(repeating: UInt8(ascii: "x"), count: 2000)
        let e = try error(F.join(lines))
        #expect(e.kind == .lineTooLong)
        #expect(e.recordNumber == 2 && e.byteOffset == 36)
    }

    @Test func nonDigitTypeIsNeverSkipped() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines[3] = F.bytes("0A3") + lines[3].dropFirst(3)
        let e = try error(F.join(lines), options: .init(skipUnknownRecordTypes: true))
        #expect(e.kind == .unknownRecordType)
        #expect(e.recordNumber == 4 && e.byteOffset == lineOffsets(lines)[3])
        #expect(e.found == "\"0A3\"")
    }

    @Test func newlineInsideFixedFraming() throws {
        var file = F.smallFile(.fixed)
        file.insert(0x0A, at: 447)
        let e = try error(file)
        #expect(e.kind == .unknownRecordType)
        #expect(e.recordNumber == 4 && e.byteOffset == 447)
    }

    // MARK: End record

    @Test(arguments: [Framing.lines, .fixed])
    func countMismatch(_ framing: Framing) throws {
        var file = F.smallFile(framing)
        let end = framing == .lines ? file.count - 22 : 1125
        file = patched(file, at: end + 13, "00000005")
        let outcome = F.drain(file)
        let e = try #require(outcome.error)
        #expect(e.kind == .countMismatch)
        #expect(e.recordNumber == 9 && e.byteOffset == end)
        #expect(e.fieldName == "TAELLER")
        #expect(e.found == "\"00000005\"")
        #expect(e.expected.hasPrefix("7 "))
        #expect(outcome.reader.trailerCount == 5)
        #expect(outcome.records.count == 8)
    }

    @Test(arguments: [Framing.lines, .fixed])
    func missingEndRecordIsTruncation(_ framing: Framing) throws {
        let file = Array(F.smallFile(framing).dropLast(framing == .lines ? 22 : 21))
        let e = try error(file)
        #expect(e.kind == .truncated)
        #expect(e.recordNumber == 9)
        #expect(e.byteOffset == file.count)
        #expect(e.found == "end of input after record 8")
    }

    @Test(arguments: [Framing.lines, .fixed])
    func dataAfterEnd(_ framing: Framing) throws {
        let file = F.smallFile(framing)
        let e = try error(file + F.bytes("\n0010101965058"))
        #expect(e.kind == .dataAfterEnd)
        #expect(e.recordNumber == 10)
        #expect(e.byteOffset == file.count + 1)
        #expect(e.found == "\"001\"…")
    }

    @Test func endRecordInTheMiddle() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines.insert(F.bytes("999999999999900000002"), at: 3)
        let offsets = lineOffsets(lines)
        let e = try error(F.join(lines))
        #expect(e.kind == .dataAfterEnd)
        #expect(e.recordNumber == 5 && e.byteOffset == offsets[4])
    }

    // MARK: Stream behaviour

    @Test func errorsAreSticky() throws {
        var reader = RecordReader(bytes: Array(F.smallFile(.fixed).prefix(500)), name: "D240101.txt")
        var first: CPRFormatError?
        do {
            while try reader.next() != nil {}
        } catch {
            first = error
        }
        let e = try #require(first)
        #expect(e.fileName == "D240101.txt")
        #expect(throws: e) { try reader.next() }
    }

    @Test func unreadableFile() throws {
        #expect {
            _ = try RecordReader(path: "/nonexistent/D240101.txt")
        } throws: { error in
            guard let e = error as? CPRFormatError else { return false }
            return e.kind == .io && e.fileName == "/nonexistent/D240101.txt" && e.found.contains("errno 2")
        }
    }
}

/// A fixed-framed file cut into its records by the layout table alone (no
/// checks), to re-frame a damaged file as lines.
private struct RawPiece {
    let offset: Int
    let bytes: [UInt8]
    var trimmed: [UInt8] {
        var b = bytes[...]
        while b.last == 0x20 { b = b.dropLast() }
        return Array(b)
    }
}

/// Cuts a fixed-framed file by the layout table alone (no checks).
private func splitFixed(_ file: [UInt8]) -> [RawPiece] {
    var pieces: [RawPiece] = []
    var o = 0
    while o < file.count {
        let layout = RecordLayouts.layout(for: RecordType(bytes: file[o..<(o + 3)])!)!
        pieces.append(RawPiece(offset: o, bytes: Array(file[o..<(o + layout.length)])))
        o += layout.length
    }
    return pieces
}
