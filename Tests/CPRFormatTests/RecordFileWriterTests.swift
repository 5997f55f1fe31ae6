import CPRFormat
import Testing

@Suite struct RecordFileWriterTests {
    /// 000, one 001, one 008, 999.
    private func smallFile(_ framing: Framing) throws -> RecordFileWriter {
        var file = RecordFileWriter(framing: framing, opgavenr: 110901,
                                    proddto: (2001, 11, 19), proddtoForrig: (2001, 11, 18))
        var person = RecordWriter(type: .personInformation)
        person.set("PNR", try #require(PNR("0101965058")))
        person.set("STATUS", 1)
        file.append(person)
        var name = RecordWriter(type: .currentName)
        name.set("PNR", try #require(PNR("0101965058")))
        name.set("FORNVN", "Åse Marie")
        file.append(name)
        file.finish()
        return file
    }

    @Test func linesAreRightTrimmedAndTerminated() throws {
        let file = try smallFile(.lines)
        let text = Latin1.decode(file.bytes)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)  // 4 records + empty after the last "\n"
        #expect(lines[0] == "000000000000011090120011119" + "20011118")
        // 001: PNRGAELD blank, STATUS 01, STATUSHAENSTART zeros; blanks after it trimmed.
        #expect(lines[1] == "0010101965058" + "          " + "01" + "000000000000")
        // Spaces inside a value survive; only the tail is trimmed.
        #expect(lines[2] == "0080101965058Åse Marie" + String(repeating: " ", count: 41) + " "
            + String(repeating: " ", count: 40) + " " + String(repeating: " ", count: 40) + " " + "000000000000")
        #expect(lines[3] == "999999999999900000002")
        #expect(lines[4] == "")
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func fixedRecordsAreFullLengthWithoutSeparators() throws {
        let file = try smallFile(.fixed)
        #expect(file.bytes.count == 35 + 106 + 193 + 21)
        #expect(!file.bytes.contains(UInt8(ascii: "\n")))
        #expect(!file.bytes.contains(UInt8(ascii: "\r")))
        #expect(Latin1.decode(file.bytes[35..<38]) == "001")
        #expect(Latin1.decode(file.bytes[(35 + 106)..<(35 + 109)]) == "008")
        #expect(Latin1.decode(file.bytes.suffix(21)) == "999999999999900000002")
    }

    @Test func bothFramingsCarryTheSameRecords() throws {
        let fixed = try smallFile(.fixed).bytes
        let lines = try smallFile(.lines).bytes
        // Re-pad each line to its layout length: must give the fixed stream back.
        var repadded: [UInt8] = []
        for line in lines.split(separator: UInt8(ascii: "\n")) {
            let type = try #require(RecordType(bytes: line.prefix(3)))
            let length = try #require(RecordLayouts.layout(for: type)).length
            repadded += line
            repadded += repeatElement(UInt8(ascii: " "), count: length - line.count)
        }
        #expect(repadded == fixed)
    }

    @Test func counterExcludesStartAndEnd() throws {
        let file = try smallFile(.fixed)
        #expect(file.recordCount == 2)
        #expect(file.isFinished)
        var empty = RecordFileWriter(framing: .lines, opgavenr: 1, proddto: (2026, 1, 2), proddtoForrig: nil)
        empty.finish()
        #expect(Latin1.decode(empty.bytes).hasSuffix("999999999999900000000\n"))
    }

    @Test func takeBytesStreamsTheSameOutput() throws {
        var file = RecordFileWriter(framing: .lines, opgavenr: 110901,
                                    proddto: (2001, 11, 19), proddtoForrig: (2001, 11, 18))
        var streamed = file.takeBytes()
        #expect(file.bytes.isEmpty)
        var person = RecordWriter(type: .personInformation)
        person.set("PNR", try #require(PNR("0101965058")))
        person.set("STATUS", 1)
        file.append(person)
        var name = RecordWriter(type: .currentName)
        name.set("PNR", try #require(PNR("0101965058")))
        name.set("FORNVN", "Åse Marie")
        file.append(record: name.bytes)
        streamed += file.takeBytes()
        file.finish()
        streamed += file.takeBytes()
        #expect(streamed == (try smallFile(.lines)).bytes)
    }

    @Test func appendAfterFinishStops() async {
        await #expect(processExitsWith: .failure) {
            var file = RecordFileWriter(framing: .fixed, opgavenr: 1, proddto: (2026, 1, 2), proddtoForrig: nil)
            file.finish()
            file.append(RecordWriter(type: .personInformation))
        }
    }
}
