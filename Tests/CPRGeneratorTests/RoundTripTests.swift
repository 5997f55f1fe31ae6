import CPRFormat
import Testing

@testable import CPRGenerator

/// Everything written parses back with `RecordReader` to what the generator meant.
@Suite struct RoundTripTests {
    /// Options for property runs: small populations, varying framing and layout.
    static func options(seed: UInt64) -> GeneratorOptions {
        GeneratorOptions(
            persons: 40 + Int(seed % 5) * 7, seed: seed, changes: 2, framing: seed % 2 == 0 ? .lines : .fixed,
            writeAsOfExtract: true, addressRecordsAtEnd: seed % 3 == 0, subscriptionReceipts: seed % 4 == 1,
            eventsPerChange: 12)
    }

    @Test(arguments: 1...30 as ClosedRange<UInt64>)
    func filesParseBackToTheIntendedPersons(seed: UInt64) throws {
        let run = try Run(Self.options(seed: seed))
        #expect(run.files.map(\.kind) == [.full, .change, .change, .asOfExtract])
        for (i, (file, parsed)) in zip(run.files, run.parsed).enumerated() {
            // RecordReader already checked TAELLER against the records; the summary must agree.
            #expect(parsed.trailerCount == file.records)
            #expect(parsed.records.count == file.records)
            #expect(parsed.bytes.count == file.bytes)
            #expect(parsed.framing == run.options.framing)
            #expect(parsed.persons.count == file.persons)
            #expect(Set(parsed.persons) == Set(run.intended[i].keys))
            for pnr in parsed.persons {
                try expectKeyFields(parsed, pnr, run.intended[i][pnr]!)
            }
        }
    }

    @Test(arguments: [1, 2, 7] as [UInt64])
    func productionDatesChain(seed: UInt64) throws {
        let run = try Run(GeneratorOptions(persons: 30, seed: seed, changes: 3, startDate: "2026-01-08", writeAsOfExtract: true))
        let headers = run.parsed.map(\.header)
        // Thursday, then Friday, Monday, Tuesday: weekends are skipped.
        #expect(headers.map(\.proddto.yyyymmdd) == ["20260108", "20260109", "20260112", "20260113", "20260113"])
        #expect(headers[0].proddtoForrig == nil)  // a status extract starts a chain
        for k in 1...3 { #expect(headers[k].proddtoForrig == headers[k - 1].proddto) }
        #expect(headers[4].proddtoForrig == nil)
        #expect(run.files.map(\.previousProductionDate) == ["00000000", "20260108", "20260109", "20260112", "00000000"])
        #expect(run.files.map { $0.path.split(separator: "/").last! } == [
            "extract-20260108.cpr", "change-20260109.cpr", "change-20260112.cpr", "change-20260113.cpr",
            "asof-extract-20260113.cpr",
        ])
        #expect(headers[0].opgavenr == 110900 && headers[1].opgavenr == 110901)
    }

    @Test func sameOptionsGiveTheSameBytes() throws {
        for framing in [Framing.lines, .fixed] {
            let options = GeneratorOptions(persons: 120, seed: 99, changes: 2, framing: framing, writeAsOfExtract: true,
                                           addressRecordsAtEnd: true, subscriptionReceipts: true)
            let first = try fileBytes(options)
            #expect(first.count == 4)
            #expect(try fileBytes(options) == first)
        }
    }

    @Test func otherSeedsGiveOtherBytes() throws {
        let a = try fileBytes(GeneratorOptions(persons: 50, seed: 1, changes: 1))
        let b = try fileBytes(GeneratorOptions(persons: 50, seed: 2, changes: 1))
        #expect(a.keys.sorted() == b.keys.sorted())
        for name in a.keys { #expect(a[name] != b[name], "\(name)") }
    }

    @Test func framingsCarryTheSameRecords() throws {
        let lines = try Run(GeneratorOptions(persons: 60, seed: 5, changes: 1, framing: .lines))
        let fixed = try Run(GeneratorOptions(persons: 60, seed: 5, changes: 1, framing: .fixed))
        for (l, f) in zip(lines.parsed, fixed.parsed) {
            #expect(l.records.map(\.paddedBytes) == f.records.map(\.paddedBytes))
            #expect(l.bytes.contains(0x0A))
            #expect(!f.bytes.contains(0x0A))
            #expect(f.bytes.count > l.bytes.count)  // trailing blanks are trimmed in line framing
        }
    }

    @Test func addressRecordsCanFollowAllOthers() throws {
        let run = try Run(GeneratorOptions(persons: 80, seed: 11, changes: 1, writeAsOfExtract: true, addressRecordsAtEnd: true))
        for parsed in run.parsed {
            let types = parsed.records.map(\.type)
            let firstAddress = try #require(types.firstIndex(of: .clearWrittenAddress))
            #expect(types[firstAddress...].allSatisfy { $0 == .clearWrittenAddress })
            #expect(types[firstAddress...].count == parsed.persons.count)
            // 003s follow the persons' order.
            #expect(parsed.records[firstAddress...].compactMap(\.ownerPNR) == parsed.persons)
        }
    }

    @Test func personRecordsAreInCanonicalOrder() throws {
        let run = try Run(GeneratorOptions(persons: 200, seed: 3, changes: 2, eventsPerChange: 30))
        for parsed in run.parsed {
            for pnr in parsed.persons {
                let types = parsed.byPNR[pnr]!.map(\.type.code)
                #expect(types == types.sorted(), "\(types)")
                #expect(types.first == 1)
            }
            // Persons are contiguous: each PNR's records form one run.
            let owners = parsed.records.compactMap(\.ownerPNR)
            var seen: Set<PNR> = []
            for (i, owner) in owners.enumerated() where i == 0 || owners[i - 1] != owner {
                #expect(seen.insert(owner).inserted)
            }
        }
    }

    @Test func invalidOptionsAreRejected() throws {
        let dir = try TempDirectory("invalid")
        defer { dir.remove() }
        #expect(throws: GeneratorError.self) { try Generator.write(GeneratorOptions(persons: 0, seed: 1), to: dir.path) }
        #expect(throws: GeneratorError.self) {
            try Generator.write(GeneratorOptions(persons: 5, seed: 1, startDate: "2026-01-10"), to: dir.path)  // a Saturday
        }
        #expect(throws: GeneratorError.self) {
            try Generator.write(GeneratorOptions(persons: 5, seed: 1, startDate: "2026-02-30"), to: dir.path)
        }
    }

    /// The fields that identify a person, compared with the state the generator meant.
    private func expectKeyFields(_ file: ParsedFile, _ pnr: PNR, _ p: Person) throws {
        let r001 = try #require(file.record(pnr, .personInformation))
        #expect(r001.code("STATUS") == Digits.pad(p.status.rawValue, 2))
        #expect(r001.text("KOEN") == p.sex.koen)
        #expect(r001.date("FOED_DT")?.iso == p.birthDate.iso)
        #expect(r001.pnr("PNRGAELD") == p.replacedBy)
        #expect(r001.date("SLUT_DT-PERSON")?.iso == p.numberValidTo?.iso)
        let r008 = try #require(file.record(pnr, .currentName))
        #expect(r008.text("FORNVN") == p.name.first)
        #expect(r008.text("MELNVN") == p.name.middle)
        #expect(r008.text("EFTERNVN") == p.name.last)
        #expect(r008.text("ADRNVN") == p.name.addressing)
        let r003 = try #require(file.record(pnr, .clearWrittenAddress))
        #expect(r003.text("ADRNVN") == p.name.addressing)
        if p.hasCurrentAddress, let a = p.address {
            let r002 = try #require(file.record(pnr, .currentAddress))
            #expect(r002.int("KOMKOD") == a.municipality)
            #expect(r002.int("VEJKOD") == a.roadCode)
            #expect(r002.text("HUSNR") == a.houseNumber)
            #expect(r002.dateTime("TILFLYDTO")?.date.iso == a.movedIn.iso)
            #expect(r003.int("POSTNR") == a.postalCode)
            #expect(r003.text("STANDARDADR") == a.standardAddress)
        } else {
            #expect(file.record(pnr, .currentAddress) == nil)
            #expect(r003.int("POSTNR") == 0 && r003.isBlank("STANDARDADR") == true)
        }
        let r012 = try #require(file.record(pnr, .currentCivilStatus))
        #expect(r012.text("CIVST") == p.civil.code)
        #expect(r012.pnr("AEGTEPNR") == p.civil.spouse)
        #expect(Set(file.records(pnr, .child).compactMap { $0.pnr("PNR-BARN") }) == Set(p.children))
        let r015 = try #require(file.record(pnr, .parents))
        #expect(r015.pnr("PNRMOR") == p.mother.pnr)
        #expect(r015.pnr("PNRFAR") == p.father.pnr)
        #expect(Set(file.records(pnr, .protection).compactMap { $0.int("BESKYTTYPE") }) == Set(p.protections.map(\.type)))
        #expect(file.records(pnr, .historicalPNR).compactMap { $0.pnr("PNR-TIDLIGERE") } == p.history.numbers.map(\.pnr))
    }
}
