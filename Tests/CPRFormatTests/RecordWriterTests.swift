import CPRFormat
import Testing

@Suite struct RecordWriterTests {
    private func field(_ w: RecordWriter, _ name: String) throws -> [UInt8] {
        let spec = try #require(w.layout.field(name))
        return Array(w.bytes[spec.range])
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s + String(repeating: " ", count: n - s.count)
    }

    @Test func freshRecordHasTypeZerosAndBlanks() throws {
        let w = RecordWriter(type: .currentAddress)
        #expect(w.bytes.count == 306)
        #expect(w.text.hasPrefix("002          "))
        #expect(try field(w, "KOMKOD") == Array("0000".utf8))           // numeric → zeros
        #expect(try field(w, "TILFLYDTO") == Array("000000000000".utf8))  // date-time "none"
        #expect(try field(w, "START_DT-ADRTXT") == Array("          ".utf8))
        #expect(RecordWriter(type: .errorRecord).text.hasPrefix("910"))
        #expect(RecordWriter(layout: RecordLayouts.currentAddressExtended).bytes.count == 382)
    }

    @Test func alphanumericIsLeftAlignedSpacePaddedLatin1() throws {
        var w = RecordWriter(type: .currentName)
        w.set("FORNVN", "Søren")
        let bytes = try field(w, "FORNVN")
        #expect(bytes.count == 50)
        #expect(Array(bytes.prefix(5)) == [0x53, 0xF8, 0x72, 0x65, 0x6E])
        #expect(bytes.dropFirst(5).allSatisfy { $0 == 0x20 })
        #expect(w.bytes.count == 193)
    }

    @Test func alphanumericIsTruncated() throws {
        var w = RecordWriter(type: .currentName)
        let long = String(repeating: "Å", count: 30) + String(repeating: "b", count: 10)  // 40 > 34
        w.set("ADRNVN", long)
        #expect(Latin1.decode(try field(w, "ADRNVN")) == String(long.prefix(34)))
        #expect(w.bytes.count == 193)
    }

    @Test func overwritingAShorterValueClearsTheRest() throws {
        var w = RecordWriter(type: .currentName)
        w.set("EFTERNVN", "Andersen")
        w.set("EFTERNVN", "Bo")
        #expect(Latin1.decode(try field(w, "EFTERNVN")) == pad("Bo", 40))
    }

    @Test func charactersOutsideLatin1BecomeQuestionMarks() throws {
        var w = RecordWriter(type: .currentName)
        w.set("MELNVN", "Ła")
        #expect(Latin1.decode(try field(w, "MELNVN")) == pad("?a", 40))
    }

    @Test func numericIsRightAlignedZeroFilled() throws {
        var w = RecordWriter(type: .currentAddress)
        w.set("KOMKOD", "101")
        w.set("VEJKOD", 42)
        w.set("FRAFLYKOMKOD", "")
        #expect(try field(w, "KOMKOD") == Array("0101".utf8))
        #expect(try field(w, "VEJKOD") == Array("0042".utf8))
        #expect(try field(w, "FRAFLYKOMKOD") == Array("0000".utf8))
    }

    @Test func pnrDateAndDateTimeFields() throws {
        var w = RecordWriter(type: .currentCivilStatus)
        w.set("AEGTEPNR", try #require(PNR("0101965058")))
        w.set("AEGTEFOED_DT", "1896-01-01")
        w.set("HAENSTART-CIVILSTAND", "194100001299")
        #expect(try field(w, "AEGTEPNR") == Array("0101965058".utf8))
        #expect(try field(w, "AEGTEFOED_DT") == Array("1896-01-01".utf8))
        #expect(try field(w, "HAENSTART-CIVILSTAND") == Array("194100001299".utf8))
        w.set("AEGTEPNR", "")
        w.set("HAENSTART-CIVILSTAND", "")
        #expect(try field(w, "AEGTEPNR") == Array("          ".utf8))
        #expect(try field(w, "HAENSTART-CIVILSTAND") == Array("000000000000".utf8))
    }

    @Test func wholePersonRecordByteForByte() throws {
        var w = RecordWriter(type: .personInformation)
        let layout = w.layout
        w.set("PNR", try #require(PNR("0101965058")))
        w.set("STATUS", 1)
        w.set("STATUSHAENSTART", "199601011200")
        w.set("KOEN", "K")
        w.set("FOED_DT", "1896-01-01")
        w.set("START_DT-PERSON", "1896-01-01")
        w.set(field: try #require(layout.index(of: "STILLING")), "Smed")
        w.setRaw(field: try #require(layout.index(of: "FOED_DT_UMRK")), Array("*".utf8))
        let expected = "0010101965058" + "          " + "01" + "199601011200" + " " + "K"
            + "1896-01-01" + "*" + "1896-01-01" + " " + "          " + " " + pad("Smed", 34)
        #expect(w.text == expected)
        #expect(w.bytes.count == 106)
    }

    @Test func startRecordMatchesSpec() {
        let w = RecordWriter.startRecord(
            opgavenr: 110901, proddto: (2001, 11, 19), proddtoForrig: (2001, 11, 18))
        #expect(w.text == "000" + "0000000000" + "110901" + "20011119" + "20011118")
        #expect(w.bytes.count == 35)
        let first = RecordWriter.startRecord(opgavenr: 7, proddto: (2026, 1, 2), proddtoForrig: nil)
        #expect(first.text == "000000000000000000720260102" + "00000000")
    }

    @Test func endRecordMatchesSampleTrailer() {
        // The fixed-length sample of spec §9 ends exactly on this record.
        #expect(RecordWriter.endRecord(count: 1098).text == "999999999999900001098")
        #expect(RecordWriter.endRecord(count: 0).bytes.count == 21)
    }

    @Test func nonDigitsInNumericFieldStop() async {
        await #expect(processExitsWith: .failure) {
            var w = RecordWriter(type: .protection)
            w.set("BESKYTTYPE", "00a1")
        }
    }

    @Test func tooWideNumberStops() async {
        await #expect(processExitsWith: .failure) {
            var w = RecordWriter(type: .protection)
            w.set("BESKYTTYPE", 10_000)
        }
    }

    @Test func unknownFieldStops() async {
        await #expect(processExitsWith: .failure) {
            var w = RecordWriter(type: .protection)
            w.set("FORNVN", "x")
        }
    }

    @Test func malformedPNRStops() async {
        await #expect(processExitsWith: .failure) {
            var w = RecordWriter(type: .protection)
            w.set("PNR", "010196-505")
        }
    }
}
