import CPRFormat
import Testing

@Suite struct ReaderAccessorTests {
    typealias F = ReaderFixtures

    /// Reads `records` through a line-framed file (trimmed) and returns the body records.
    private func read(_ records: [RecordWriter], framing: Framing = .lines) throws -> [Record] {
        let outcome = F.drain(F.file(records, framing: framing))
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        return Array(outcome.records.dropFirst().dropLast())
    }

    @Test(arguments: [Framing.lines, .fixed])
    func latin1TextIsDecodedAndTrimmed(_ framing: Framing) throws {
        var w = RecordWriter(type: .currentName)
        w.set("PNR", F.owner)
        w.set("FORNVN", "Åse Ærø")
        w.set("MELNVN", "  Hélène")
        w.set("EFTERNVN", "æøåÆØÅé")
        let r = try #require(try read([w], framing: framing).first)
        #expect(r.text("FORNVN") == "Åse Ærø")
        #expect(r.text("MELNVN") == "  Hélène")  // leading blanks are content
        #expect(r.text("EFTERNVN") == "æøåÆØÅé")
        #expect(r.text("ADRNVN") == "")
        // The bytes are Latin-1, one byte per letter.
        #expect(Array(r.bytes(try #require(r.fieldIndex("EFTERNVN"))).prefix(7))
            == [0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5, 0xE9])
    }

    @Test func trimmedFieldsReadAsBlanks() throws {
        var w = RecordWriter(type: .personInformation)
        w.set("PNR", F.owner)
        w.set("STATUS", 1)
        let r = try #require(try read([w]).first)
        #expect(r.bytes.count == 37)  // trimmed after STATUSHAENSTART
        let stilling = try #require(r.fieldIndex("STILLING"))
        let field = r.bytes(stilling)
        #expect(field.count == 34)
        #expect(field.isPadded)
        #expect(field.allSatisfy { $0 == 0x20 })
        #expect(r.isBlank(stilling))
        #expect(r.text(stilling) == "")
        #expect(r.date("FOED_DT") == nil)
        #expect(r.uncertainty("FOED_DT_UMRK") == .certain)
        #expect(r.paddedBytes.count == 106)
        #expect(r.paddedBytes == w.bytes)
    }

    @Test func pnrAccessorsAndOwner() throws {
        var w = RecordWriter(type: .currentCivilStatus)
        w.set("PNR", F.owner)
        w.set("AEGTEPNR", "0000000000")
        var child = RecordWriter(type: .child)
        child.set("PNR", F.owner)
        child.set("PNR-BARN", F.other)
        let records = try read([w, child])
        #expect(records[0].ownerPNR == F.owner)
        #expect(records[0].pnr("PNR") == F.owner)
        #expect(records[0].pnr("AEGTEPNR") == nil)  // 0000000000 = no PNR
        #expect(records[0].value("AEGTEPNR") == .pnr(nil))
        #expect(records[1].pnr("PNR-BARN") == F.other)
    }

    @Test func envelopeRecordsHaveNoOwner() throws {
        let outcome = F.drain(F.smallFile(.fixed))
        #expect(outcome.records.first?.ownerPNR == nil)
        #expect(outcome.records.last?.ownerPNR == nil)
        #expect(outcome.records[1].ownerPNR == F.owner)
    }

    @Test func datesPartialUnknownMinuteBlankAndZero() throws {
        var w = RecordWriter(type: .personInformation)
        w.set("PNR", F.owner)
        w.set("STATUSHAENSTART", "194100001299")
        w.set("FOED_DT", "1941-00-00")
        w.set("FOED_DT_UMRK", "*")
        w.set("START_DT-PERSON", "1941-05-00")
        w.set("SLUT_DT-PERSON", "0000-00-00")
        var blankTime = RecordWriter(type: .currentAddress)
        blankTime.set("PNR", F.owner)
        blankTime.setRaw(field: blankTime.fieldIndex("TILFLYDTO"), F.bytes("            "))  // blank date-time
        let records = try read([w, blankTime])
        let p = records[0]
        let t = try #require(p.dateTime("STATUSHAENSTART"))
        #expect(t.date.iso == "1941-00-00" && t.isTimeUnknown && t.hour == 12)
        #expect(p.date("FOED_DT")?.iso == "1941-00-00")
        #expect(p.uncertainty("FOED_DT_UMRK") == .uncertain)
        #expect(p.date("START_DT-PERSON").map { ($0.year, $0.month, $0.day) } ?? (0, 0, 0) == (1941, 5, 0))
        #expect(p.date("SLUT_DT-PERSON") == nil)
        #expect(p.value("SLUT_DT-PERSON") == .date(nil))
        let a = records[1]
        #expect(a.dateTime("TILFLYDTO") == nil)  // blank
        #expect(a.dateTime("FRAFLYKOMDTO") == nil)  // 000000000000
        #expect(a.code("KOMKOD") == "0000")
        #expect(a.int("KOMKOD") == 0)
    }

    @Test func annkorAndNameMarkers() throws {
        let name = RecordLayouts.layout(for: .historicalName)!
        var rows: [RecordWriter] = []
        for (annkor, marker) in [(" ", " "), ("A", "+"), ("K", "*"), ("Æ", "=")] {
            var w = RecordWriter(layout: name)
            w.set("PNR", F.owner)
            w.set("ANNKOR", annkor)
            w.set("FORNVN", "Åse")
            w.set("FORNVN_MRK", marker)
            rows.append(w)
        }
        for framing in [Framing.lines, .fixed] {
            let records = try read(rows, framing: framing)
            #expect(records.map { $0.annkor("ANNKOR") } == [.valid, .annulled, .corrected, .technicalChange])
            #expect(records.map { $0.nameMarker("FORNVN_MRK") }
                == [NameMarker.none, .abbreviated, .unreportableCharacters, .insufficientlyDocumented])
            #expect(records.map { $0.nameMarker("MELNVN_MRK") } == Array(repeating: NameMarker.none, count: 4))
        }
    }

    @Test func nameAccessorsReturnNilForFieldsNotInTheLayout() throws {
        let r = try #require(try read([F.record(RecordLayouts.layout(for: .event)!)]).first)
        #expect(r.text("FORNVN") == nil)
        #expect(r.value("NO_SUCH_FIELD") == nil)
        #expect(r.annkor("ANNKOR") == nil)
        #expect(r.fieldIndex("HAENDELSE") == 3)
    }

    @Test func recordParsingChecksLikeTheReader() throws {
        let good = try Record(parsing: F.bytes("0140101965058" + "0709610015"))
        #expect(good.type == .child)
        #expect(good.pnr("PNR-BARN") == F.other)
        #expect(good.description == "record 1 at byte 0 (type 014)")
        #expect(throws: CPRFormatError.self) { try Record(parsing: F.bytes("0140101965058" + "07096100x5")) }
        #expect(throws: CPRFormatError.self) { try Record(parsing: F.bytes("4440101965058")) }
        #expect(throws: CPRFormatError.self) { try Record(parsing: F.bytes("01")) }
    }

    @Test func recordDescriptionNeverShowsContent() throws {
        let r = try Record(parsing: F.bytes("0140101965058" + "0709610015"), number: 17, offset: 2311)
        #expect(!r.description.contains("0101965058"))
        #expect(r.description == "record 17 at byte 2311 (type 014)")
    }
}
