import CPRFormat
import Testing

@Suite struct RecordLayoutTests {
    /// Record lengths of spec §4 (and §5.2 for 050/052).
    static let specLengths: [Int: Int] = [
        0: 35, 1: 106, 2: 306, 3: 249, 4: 37, 5: 200, 6: 203, 7: 26, 8: 193, 9: 37,
        10: 30, 11: 25, 12: 95, 13: 36, 14: 23, 15: 147, 16: 58, 17: 272, 18: 60, 19: 75,
        20: 47, 21: 63, 22: 45, 23: 96, 24: 218, 25: 40, 26: 173, 27: 44, 28: 36, 29: 109,
        30: 48, 31: 269, 32: 269, 33: 269, 50: 29, 52: 287, 99: 45, 910: 157, 997: 43, 999: 21,
    ]

    @Test(arguments: RecordLayouts.all.map(\.name))
    func fieldsTileTheRecord(_ name: String) throws {
        let layout = try #require(RecordLayouts.all.first { $0.name == name })
        var next = 1
        for field in layout.fields {
            #expect(field.length > 0, "\(field.name) is empty")
            #expect(field.start == next, "\(name): \(field.name) starts at \(field.start), expected \(next)")
            next = field.end + 1
        }
        #expect(next == layout.length + 1, "\(name): fields end at \(next - 1), record length \(layout.length)")
        #expect(Set(layout.fields.map(\.name)).count == layout.fields.count, "\(name): duplicate field names")
    }

    @Test(arguments: specLengths.keys.sorted())
    func lengthMatchesSpec(_ code: Int) throws {
        let type = try #require(RecordType(code: code))
        let layout = try #require(RecordLayouts.layout(for: type))
        #expect(layout.length == Self.specLengths[code])
        #expect(layout.type == type)
    }

    @Test func tableHoldsExactlyTheSpecTypes() {
        let codes = Set(RecordLayouts.all.map { Int($0.type.code) })
        #expect(codes == Set(Self.specLengths.keys))
        #expect(RecordLayouts.all.count == Self.specLengths.count + 1)  // + extended 002
        #expect(RecordLayouts.all.map(\.type) == RecordLayouts.all.map(\.type).sorted())
    }

    @Test func everyPersonRecordKeysOnPNRAtPosition4() {
        let notPerson: Set<RecordType> = [.startRecord, .errorRecord, .endRecord]
        for layout in RecordLayouts.all {
            let type = layout.fields[0]
            #expect(type.name == "RECORDTYPE" && type.start == 1 && type.length == 3 && type.kind == .numeric)
            guard !notPerson.contains(layout.type) else { continue }
            let key = layout.fields[1]
            #expect(key.name == "PNR" && key.start == 4 && key.length == 10 && key.kind == .pnr, "\(layout.name)")
        }
    }

    @Test func spotChecksAgainstSpecTables() throws {
        func spec(_ type: RecordType, _ name: String) throws -> FieldSpec {
            try #require(RecordLayouts.layout(for: type)?.field(name))
        }
        let fornvn = try spec(.currentName, "FORNVN")
        #expect(fornvn.start == 14 && fornvn.length == 50 && fornvn.kind == .alphanumeric)
        #expect(try spec(.currentName, "FORNVN_MRK").kind == .nameMarker)
        let start = try spec(.personInformation, "START_DT-PERSON")
        #expect(start.start == 51 && start.length == 10 && start.kind == .date)
        #expect(try spec(.personInformation, "STATUSHAENSTART").kind == .dateTime)
        #expect(try spec(.personInformation, "SLUT_DT_UMRK-PERSON").start == 72)
        #expect(try spec(.personInformation, "SLUT_DT_UMRK-PERSON").kind == .uncertaintyMarker)
        #expect(try spec(.historicalAddress, "ANNKOR").kind == .annkor)
        #expect(try spec(.currentCivilStatus, "AEGTEPNR").kind == .pnr)
        #expect(try spec(.event, "NGLKONST").start == 31)
        #expect(try spec(.event, "TIMESTAMPU").kind == .dateTime)
        #expect(try spec(.electionInformation, "START_DT-VALGOPLYSNINGER").kind == .date)
        #expect(try spec(.guardianship, "VAERGEMAALS_TYPE").start == 273)
        #expect(try spec(.guardianship, "RELTXT5").end == 272)
        #expect(try spec(.historicalPNR, "PNR-TIDLIGERE").start == 14)
        #expect(try spec(.endRecord, "TAELLER").kind == .numeric)
        #expect(RecordLayouts.layout(for: .personInformation)?.field("NOPE") == nil)
    }

    @Test func extendedCurrentAddress() throws {
        let ext = RecordLayouts.currentAddressExtended
        #expect(ext.type == .currentAddress && ext.length == 382)
        #expect(ext.field("VEJNVN")?.start == 307 && ext.field("VEJNVN")?.length == 40)
        #expect(ext.field("ADRESSE_UUID")?.start == 347 && ext.field("ADRESSE_UUID")?.end == 382)
        #expect(RecordLayouts.layout(for: .currentAddress)?.length == 306)
        #expect(RecordLayouts.variants(of: .currentAddress).map(\.length) == [306, 382])
        #expect(RecordLayouts.variants(of: .personInformation).map(\.length) == [106])
        #expect(RecordLayouts.maxLength == 382)
    }

    @Test func layoutFittingATrimmedLine() {
        #expect(RecordLayouts.layout(for: .currentAddress, fitting: 40)?.length == 306)
        #expect(RecordLayouts.layout(for: .currentAddress, fitting: 306)?.length == 306)
        #expect(RecordLayouts.layout(for: .currentAddress, fitting: 307)?.length == 382)
        #expect(RecordLayouts.layout(for: .currentAddress, fitting: 382)?.length == 382)
        #expect(RecordLayouts.layout(for: .currentAddress, fitting: 383) == nil)
        #expect(RecordLayouts.layout(for: .personInformation, fitting: 106)?.length == 106)
        #expect(RecordLayouts.layout(for: .personInformation, fitting: 107) == nil)
    }

    @Test func unknownTypesHaveNoLayout() throws {
        #expect(RecordLayouts.layout(for: try #require(RecordType(code: 34))) == nil)
        #expect(RecordLayouts.layout(for: try #require(RecordType(code: 51))) == nil)
        #expect(RecordLayouts.layout(for: try #require(RecordType(code: 998))) == nil)
    }

    // Lines quoted in the spec, cut with the layout's offsets.
    @Test func slicesSpecSampleLines() throws {
        func cut(_ line: String, _ type: RecordType) throws -> [String: String] {
            let layout = try #require(RecordLayouts.layout(for: type))
            var bytes = Array(line.utf8)
            bytes += repeatElement(UInt8(ascii: " "), count: max(0, layout.length - bytes.count))
            #expect(bytes.count == layout.length)
            return Dictionary(uniqueKeysWithValues: layout.fields.map {
                ($0.name, Latin1.decode(bytes[$0.range]))
            })
        }
        let election = try cut("020070861433500011999-03-101999-02-012001-03-10", .electionInformation)
        #expect(election["PNR"] == "0708614335")
        #expect(election["VALGKODE"] == "0001")
        #expect(election["VALGRET_DT"] == "1999-03-10")
        #expect(election["START_DT-VALGOPLYSNINGER"] == "1999-02-01")
        #expect(election["SLET_DT-VALGOPLYSNINGER"] == "2001-03-10")

        let end = try cut("999999999999900001098", .endRecord)
        #expect(end["SORTFELT-10"] == "9999999999")
        #expect(end["TAELLER"] == "00001098")

        let address = try cut("0030108610069Robert Udtzon Ullersen", .clearWrittenAddress)
        #expect(address["PNR"] == "0108610069")
        #expect(address["ADRNVN"]?.hasPrefix("Robert Udtzon Ullersen") == true)

        let relocation = try cut("02113076100152000-12-31Flytte inden 2005", .relocationOrder)
        #expect(relocation["PNR"] == "1307610015")
        #expect(relocation["RAW"]?.hasPrefix("2000-12-31Flytte inden 2005") == true)
    }

    @Test func fieldOffsetsAreZeroBased() throws {
        let field = try #require(RecordLayouts.layout(for: .personInformation)?.field("PNR"))
        #expect(field.offset == 3)
        #expect(field.range == 3..<13)
        #expect(field.end == 13)
        let layout = try #require(RecordLayouts.layout(for: .personInformation))
        let index = try #require(layout.index(of: "PNR"))
        #expect(layout.fields[index].name == "PNR")
    }
}
