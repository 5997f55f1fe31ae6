import CPRFormat
import Testing

@Suite struct ReaderFramingTests {
    typealias F = ReaderFixtures

    @Test(arguments: [Framing.lines, .fixed])
    func detectsFramingAndReadsEnvelope(_ framing: Framing) throws {
        let outcome = F.drain(F.smallFile(framing))
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        let reader = outcome.reader
        #expect(reader.framing == framing)
        #expect(reader.header == FileHeader(opgavenr: 110901, proddto: ProductionDate("20011119")!,
                                            proddtoForrig: ProductionDate("20011118")!))
        #expect(reader.trailerCount == 7)
        #expect(reader.recordCount == 9)
        #expect(outcome.records.map(\.number) == Array(1...9))
        #expect(outcome.records.first?.type == .startRecord)
        #expect(outcome.records.last?.type == .endRecord)
    }

    @Test func bothFramingsGiveTheSameRecords() throws {
        let lines = F.drain(F.smallFile(.lines))
        let fixed = F.drain(F.smallFile(.fixed))
        try #require(lines.error == nil && fixed.error == nil)
        try #require(lines.records.count == fixed.records.count)
        for (l, f) in zip(lines.records, fixed.records) {
            #expect(l.type == f.type)
            #expect(l.number == f.number)
            #expect(l.paddedBytes == f.paddedBytes)
            #expect(l.decoded() == f.decoded())
        }
        // Lines were trimmed: at least one record is shorter than its layout.
        #expect(lines.records.contains { $0.bytes.count < $0.layout.length })
        #expect(fixed.records.allSatisfy { $0.bytes.count == $0.layout.length })
    }

    @Test(arguments: [Framing.lines, .fixed])
    func offsetsPointAtEachRecordsFirstByte(_ framing: Framing) throws {
        let file = F.smallFile(framing)
        let outcome = F.drain(file)
        try #require(outcome.error == nil)
        for r in outcome.records {
            #expect(Array(file[r.offset..<(r.offset + r.bytes.count)]) == Array(r.bytes))
        }
        var expected = 0
        for r in outcome.records {
            #expect(r.offset == expected)
            expected += r.bytes.count + (framing == .lines ? 1 : 0)
        }
        #expect(outcome.reader.bytesConsumed == file.count)
    }

    @Test func crlfLinesAreStripped() throws {
        let file = F.join(F.lines(F.smallFile(.lines)).dropLast(), terminator: [0x0D, 0x0A])
        let outcome = F.drain(file)
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.reader.framing == .lines)
        #expect(outcome.records.count == 9)
        #expect(outcome.records.allSatisfy { $0.bytes.last != 0x0D })
        let reference = F.drain(F.smallFile(.fixed)).records
        #expect(outcome.records.map(\.paddedBytes) == reference.map(\.paddedBytes))
    }

    @Test func lastLineWithoutTerminatorAndBlankLinesAreFine() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines.insert([], at: 3)  // an empty line in the middle carries no record
        var file = F.join(lines)
        file.removeLast()  // no '\n' after 999
        let outcome = F.drain(file)
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.records.count == 9)
    }

    @Test func fullLengthLinesAreAccepted() throws {
        // Lines padded to full length (not trimmed) are still line framing.
        let records = F.drain(F.smallFile(.fixed)).records
        let file = F.join(records.map(\.paddedBytes))
        let outcome = F.drain(file)
        try #require(outcome.error == nil)
        #expect(outcome.reader.framing == .lines)
        #expect(outcome.records.map(\.paddedBytes) == records.map(\.paddedBytes))
    }

    @Test(arguments: [Framing.lines, .fixed])
    func trailingWhitespaceAfterEndIsAllowed(_ framing: Framing) throws {
        let outcome = F.drain(F.smallFile(framing) + F.bytes(" \r\n\n\t  \n"))
        #expect(outcome.error == nil)
        #expect(outcome.records.count == 9)
    }

    @Test func smallChunksAndShortReadsGiveIdenticalRecords() throws {
        for framing in [Framing.lines, .fixed] {
            let file = F.file(F.everyBodyLayout.map { F.record($0) }, framing: framing)
            let reference = F.drain(file)
            try #require(reference.error == nil, "\(String(describing: reference.error))")
            for readSize in [1, 7, 64, 500] {
                let small = F.drain(file, options: .init(chunkSize: 512), maxReadSize: readSize)
                #expect(small.error == nil)
                #expect(small.records.map(\.paddedBytes) == reference.records.map(\.paddedBytes))
                #expect(small.records.map(\.offset) == reference.records.map(\.offset))
            }
        }
    }

    @Test func recordsOutliveChunkRefills() throws {
        // Keeping records while reading on must not see their bytes change.
        let persons = (0..<400).map { _ in F.record(RecordLayouts.layout(for: .currentName)!) }
        let file = F.file(persons, framing: .fixed)
        let outcome = F.drain(file, options: .init(chunkSize: 512))
        try #require(outcome.error == nil)
        for r in outcome.records {
            #expect(Array(r.bytes) == Array(file[r.offset..<(r.offset + r.bytes.count)]))
        }
    }

    @Test func detachedRecordsOwnTheirBytes() throws {
        let outcome = F.drain(F.smallFile(.fixed))
        let record = try #require(outcome.records.dropFirst().first)
        let copy = record.detached()
        #expect(copy.bytes.count == record.bytes.count)
        #expect(copy.bytes.startIndex == 0)  // its own array, not a slice of the chunk
        #expect(copy.decoded() == record.decoded())
        #expect((copy.number, copy.offset, copy.type) == (record.number, record.offset, record.type))
    }

    // MARK: Extended 002

    private var extended002: RecordWriter {
        var w = F.record(RecordLayouts.currentAddressExtended)
        w.set("VEJNVN", "Æblevej")
        w.set("ADRESSE_UUID", "c6db48f3-f834-4776-b6fe-03127e3ec1b2")
        return w
    }

    @Test(arguments: [Framing.lines, .fixed])
    func extended002IsRecognised(_ framing: Framing) throws {
        let standard = F.record(RecordLayouts.layout(for: .currentAddress)!)
        let event = F.record(RecordLayouts.layout(for: .event)!)
        let file = F.file([extended002, standard, extended002, event, standard, extended002], framing: framing)
        let outcome = F.drain(file)
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        let lengths = outcome.records.dropFirst().dropLast().map(\.layout.length)
        #expect(lengths == [382, 306, 382, 45, 306, 382])
        let last = try #require(outcome.records.dropLast().last)
        #expect(last.text("VEJNVN") == "Æblevej")
        #expect(last.text("ADRESSE_UUID") == "c6db48f3-f834-4776-b6fe-03127e3ec1b2")
        #expect(last.layout.name == "P12170-002B")
    }

    @Test func extended002WithBlankTailInFixedFraming() throws {
        let blankTail = F.record(RecordLayouts.currentAddressExtended)  // VEJNVN, UUID from fixture text
        var w = RecordWriter(layout: RecordLayouts.currentAddressExtended)
        w.set("PNR", F.owner)
        let file = F.file([w, blankTail, F.record(RecordLayouts.layout(for: .currentAddress)!)], framing: .fixed)
        let outcome = F.drain(file)
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.records.dropFirst().dropLast().map(\.layout.length) == [382, 382, 306])
    }

    // MARK: Unknown types

    @Test func unknownTypesCanBeSkippedInLineFraming() throws {
        var lines = F.lines(F.smallFile(.lines)).dropLast().map { $0 }
        lines.insert(F.bytes("0420101965058whatever"), at: 2)
        // TAELLER counts every record between 000 and 999, the unknown one too.
        lines[lines.count - 1] = F.bytes("999999999999900000008")
        let file = F.join(lines)
        let skipping = F.drain(file, options: .init(skipUnknownRecordTypes: true))
        #expect(skipping.error == nil, "\(String(describing: skipping.error))")
        #expect(skipping.records.count == 9)
        #expect(skipping.reader.skippedRecordCount == 1)
        #expect(skipping.reader.recordCount == 10)
        #expect(skipping.records.map(\.number) == [1, 2, 4, 5, 6, 7, 8, 9, 10])

        let strict = F.drain(file)
        let error = try #require(strict.error)
        #expect(error.kind == .unknownRecordType)
        #expect(error.recordNumber == 3)
        #expect(error.recordType == RecordType(code: 42))
    }

    @Test func unknownTypesCannotBeSkippedInFixedFraming() throws {
        let file = F.smallFile(.fixed)
        let at = 35 + 106  // start of the 002 record
        var broken = file
        broken.replaceSubrange(at..<(at + 3), with: F.bytes("042"))
        let outcome = F.drain(broken, options: .init(skipUnknownRecordTypes: true))
        let error = try #require(outcome.error)
        #expect(error.kind == .unknownRecordType)
        #expect(error.recordNumber == 3)
        #expect(error.byteOffset == at)
    }
}
