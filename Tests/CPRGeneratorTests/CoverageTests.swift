import CPRFormat
import Testing

@testable import CPRGenerator

/// Over a moderate population, everything the generator claims to produce occurs.
@Suite struct CoverageTests {
    static let run: Result<Run, any Error> = Result {
        try Run(GeneratorOptions(persons: 2500, seed: 2026, changes: 4, framing: .lines, writeAsOfExtract: true,
                                 subscriptionReceipts: true, eventsPerChange: 80), label: "coverage")
    }

    private var all: [ParsedFile] { get throws { try Self.run.get().parsed } }

    @Test func everyStatusOccurs() throws {
        var statuses: Set<Int> = []
        for file in try all {
            for pnr in file.persons { statuses.insert(file.record(pnr, .personInformation)!.int("STATUS")!) }
        }
        #expect(statuses == Set(Status.allCases.map(\.rawValue)))
    }

    @Test func everyRecordTypeOccurs() throws {
        var types: Set<Int> = [0, 999]  // RecordReader demanded both in every file
        for file in try all { types.formUnion(file.records.map { Int($0.type.code) }) }
        let claimed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                       22, 23, 24, 25, 26, 27, 28, 29, 30, 99, 997, 0, 999]
        #expect(types == Set(claimed))
    }

    @Test func everyEventAndDerivedMarkerOccurs() throws {
        var codes: Set<String> = [], markers: Set<String> = []
        for file in try all {
            for r in file.records where r.type == .event {
                codes.insert(r.text("HAENDELSE")!)
                markers.insert(r.text("AFLEDTMRK")!)
            }
        }
        #expect(codes == Set(EventKind.allCases.map(\.code)))
        for marker in ["", "ÆG", "BØ", "MO", "FA", "PT", "PN", "TÆ", "NV"] {
            #expect(markers.contains(marker), "AFLEDTMRK \(marker)")
        }
    }

    @Test func annulledAndCorrectedHistoryOccurs() throws {
        var annkor: Set<String> = []
        for file in try all {
            for r in file.records where [23, 24, 25, 26, 27, 29, 30].contains(r.type.code) { annkor.insert(r.code("ANNKOR")!) }
        }
        #expect(annkor == [" ", "A", "K"])
    }

    @Test func danishLettersAreLatin1() throws {
        let extract = try all[0].bytes
        for letter in "æøåÆØÅé".unicodeScalars {
            #expect(extract.contains(UInt8(letter.value)), "\(letter)")
        }
        // No UTF-8: Latin-1 text never has the 0xC3 lead byte followed by a continuation byte for æ/ø/å.
        let utf8Pairs = zip(extract, extract.dropFirst()).filter { $0 == 0xC3 && (0xA5...0xB8).contains($1) }
        #expect(utf8Pairs.isEmpty)
    }

    @Test func numbersFollowTheCenturyRuleAndMostlyModulus11() throws {
        var failing: [PNR] = [], total = 0
        for file in try all {
            for pnr in file.persons {
                total += 1
                let r001 = file.record(pnr, .personInformation)!
                let born = try #require(pnr.birthDate)
                #expect(r001.date("FOED_DT")?.iso == Day(year: born.year, month: born.month, day: born.day).iso)
                #expect(r001.text("KOEN") == (pnr.sex == .male ? "M" : "K"))
                if !pnr.satisfiesModulus11 { failing.append(pnr) }
            }
        }
        #expect(!failing.isEmpty)
        #expect(failing.count * 50 < total)
        for pnr in failing {
            let born = pnr.birthDate!
            #expect(born.month == 1 && born.day == 1 && PNRAllocator.yearsWithoutModulus11.contains(born.year))
        }
    }

    @Test func numbersAreUniqueAndProtectionTypesVaried() throws {
        let extract = try all[0]
        #expect(Set(extract.persons).count == extract.persons.count)
        var types: [Int: Int] = [:]
        for r in extract.records where r.type == .protection { types[r.int("BESKYTTYPE")!, default: 0] += 1 }
        #expect(Set(types.keys) == [1, 2, 3])
        // Name and address protection on a few percent, not on most.
        #expect(types[1]! * 100 < extract.persons.count * 6)
    }

    @Test func addressesLookDanish() throws {
        let extract = try all[0]
        var municipalities: Set<Int> = [], floors: Set<String> = [], doors: Set<String> = []
        var letteredHouse = false, unpaddedHouse = false, coName = false
        for r in extract.records where r.type == .currentAddress {
            municipalities.insert(r.int("KOMKOD")!)
            floors.insert(r.text("ETAGE")!)
            doors.insert(r.text("SIDEDOER")!)
            let house = r.text("HUSNR")!
            if house.last?.isLetter == true { letteredHouse = true }
            if house.count < 3 && house.allSatisfy(\.isNumber) { unpaddedHouse = true }
            if !r.isBlank("CONVN")! { coName = true }
        }
        #expect(municipalities.isSuperset(of: [101, 751, 851, 461]))
        #expect(floors.isSuperset(of: ["st", "1", "2", "kl", ""]))
        #expect(doors.isSuperset(of: ["tv", "th", "mf"]))
        #expect(letteredHouse && unpaddedHouse && coName)
        let names = extract.records.filter { $0.type == .currentName }.map { $0.text("ADRNVN")! }
        #expect(names.allSatisfy { $0.contains(",") && $0.count <= 34 })
    }
}
