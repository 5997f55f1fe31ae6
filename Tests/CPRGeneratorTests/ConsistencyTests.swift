import CPRFormat
import Testing

@testable import CPRGenerator

/// The files hang together as CPR's do: families link both ways, change files carry
/// complete record sets, and extract + changes = the as-of extract.
@Suite struct ConsistencyTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6]

    static func options(seed: UInt64, framing: Framing = .lines, addressAtEnd: Bool = false) -> GeneratorOptions {
        GeneratorOptions(persons: 300, seed: seed, changes: 4, framing: framing, writeAsOfExtract: true,
                         addressRecordsAtEnd: addressAtEnd, subscriptionReceipts: true, eventsPerChange: 40)
    }

    @Test(arguments: seeds)
    func familiesLinkBothWays(seed: UInt64) throws {
        let run = try Run(Self.options(seed: seed))
        var checkedSpouses = 0, checkedChildren = 0
        for file in [run.fullExtract, run.asOfExtract!] + run.changeFiles {
            // A change file holds only some persons; check links between persons it holds.
            for pnr in file.persons {
                let civil = try #require(file.record(pnr, .currentCivilStatus))
                if civil.text("CIVST") == "G", let spouse = civil.pnr("AEGTEPNR"), let back = file.record(spouse, .currentCivilStatus) {
                    #expect(back.pnr("AEGTEPNR") == pnr, "spouse of spouse is self")
                    #expect(back.text("CIVST") == "G")
                    #expect(back.code("SEP_HENVIS-CIVILSTAND") == civil.code("SEP_HENVIS-CIVILSTAND"), "separated together")
                    checkedSpouses += 1
                }
                // A separation reference in 012 has its 013, and only then.
                let key = civil.text("SEP_HENVIS-CIVILSTAND")!
                #expect(file.record(pnr, .currentSeparation)?.text("SEP_HENVIS-SEPARATION") == (key.isEmpty ? nil : key))
                for child in file.records(pnr, .child).compactMap({ $0.pnr("PNR-BARN") }) {
                    guard let parents = file.record(child, .parents) else { continue }
                    #expect(parents.pnr("PNRMOR") == pnr || parents.pnr("PNRFAR") == pnr, "child names its parent")
                    checkedChildren += 1
                }
                let parents = try #require(file.record(pnr, .parents))
                for parent in [parents.pnr("PNRMOR"), parents.pnr("PNRFAR")].compactMap({ $0 }) where file.record(parent, .personInformation) != nil {
                    #expect(file.records(parent, .child).contains { $0.pnr("PNR-BARN") == pnr }, "parent lists the child")
                }
                // Custody by mother (0003) or father (0004) names that parent in 015.
                for custody in file.records(pnr, .parentalAuthority) {
                    if custody.int("RELTYP-FORÆLDREMYN") == 3 { #expect(parents.pnr("PNRMOR") != nil) }
                    if custody.int("RELTYP-FORÆLDREMYN") == 4 { #expect(parents.pnr("PNRFAR") != nil) }
                }
                if let guardian = file.record(pnr, .disempowerment)?.pnr("RELPNR"), file.record(guardian, .parents) != nil {
                    #expect(file.records(pnr, .child).contains { $0.pnr("PNR-BARN") == guardian }, "guardian is a child")
                }
            }
        }
        #expect(checkedSpouses > 20)
        #expect(checkedChildren > 20)
    }

    @Test(arguments: seeds)
    func changeFilesCarryCompleteRecordSets(seed: UInt64) throws {
        let run = try Run(Self.options(seed: seed, framing: seed % 2 == 0 ? .lines : .fixed))
        for file in run.changeFiles {
            #expect(!file.persons.isEmpty)
            for pnr in file.persons {
                try expectCompleteSet(file, pnr)
                #expect(!file.records(pnr, .event).isEmpty, "every delivered person has a 099")
            }
            // 997 receipts stand alone: no 001 for their PNR in the file.
            for receipt in file.records.filter({ $0.type == .subscriptionDeletionReceipt }) {
                #expect(file.record(receipt.ownerPNR!, .personInformation) == nil)
            }
        }
        for file in [run.fullExtract, run.asOfExtract!] {
            #expect(!file.records.contains { $0.type == .event || $0.type == .subscriptionDeletionReceipt })
            for pnr in file.persons { try expectCompleteSet(file, pnr) }
        }
    }

    /// Applying the change files' snapshots onto the status extract (replace a person's
    /// records on 001, as a replica does) gives exactly the as-of extract.
    @Test(arguments: seeds)
    func extractPlusChangesEqualsTheAsOfExtract(seed: UInt64) throws {
        let run = try Run(Self.options(seed: seed, framing: seed % 2 == 0 ? .lines : .fixed, addressAtEnd: seed % 3 == 0))
        var replica = run.fullExtract.snapshots
        var replaced = 0
        for file in run.changeFiles {
            for (pnr, records) in file.snapshots {
                if replica.updateValue(records, forKey: pnr) != nil { replaced += 1 }
            }
        }
        let asOf = try #require(run.asOfExtract).snapshots
        #expect(replaced > 50)
        #expect(replica.count == asOf.count)
        #expect(Set(replica.keys) == Set(asOf.keys))
        for (pnr, records) in asOf where replica[pnr] != records {
            Issue.record("person \(pnr) differs between replay and as-of extract")
        }
        // Nothing else differs: the extracts are the persons and nothing more.
        #expect(run.asOfExtract!.records.count == asOf.values.reduce(0) { $0 + $1.count })
    }

    /// Old number → new: status 60 with PNRGAELD, and the new number's 022 pointing back;
    /// a deleted duplicate (50) points at a survivor delivered with 099 PN.
    @Test(arguments: seeds)
    func replacedNumbersPointBothWays(seed: UInt64) throws {
        let run = try Run(Self.options(seed: seed))
        var changes = 0, duplicates = 0
        for file in run.changeFiles + [run.fullExtract, run.asOfExtract!] {
            let isChange = file.records.contains { $0.type == .event }
            for pnr in file.persons {
                let r001 = file.record(pnr, .personInformation)!
                switch r001.int("STATUS") {
                case 60:
                    let new = try #require(r001.pnr("PNRGAELD"))
                    #expect(file.record(pnr, .currentAddress) == nil)
                    #expect(r001.date("SLUT_DT-PERSON") != nil)
                    if isChange {
                        #expect(file.records(pnr, .event).contains { $0.text("AFLEDTMRK") == "PT" && $0.text("HAENDELSE") == "P03" })
                    }
                    if file.record(new, .personInformation) != nil {
                        #expect(file.records(new, .historicalPNR).contains { $0.pnr("PNR-TIDLIGERE") == pnr })
                        changes += 1
                    }
                case 50:
                    let survivor = try #require(r001.pnr("PNRGAELD"))
                    if isChange, file.record(pnr, .event)?.text("HAENDELSE") == "P02" {
                        #expect(file.records(survivor, .event).contains { $0.text("AFLEDTMRK") == "PN" })
                    }
                    if file.record(survivor, .personInformation) != nil { duplicates += 1 }
                default:
                    #expect(r001.pnr("PNRGAELD") == nil)
                }
            }
        }
        #expect(changes > 0)
        #expect(duplicates > 0)
    }

    /// Every person has 001, 003, 008, 009, 010, 011, 012, 015; 002 exactly when status < 30.
    private func expectCompleteSet(_ file: ParsedFile, _ pnr: PNR) throws {
        let types = Set(file.byPNR[pnr]!.map(\.type))
        for type: RecordType in [.personInformation, .clearWrittenAddress, .currentName, .birthRegistration,
                                 .currentCitizenship, .churchInformation, .currentCivilStatus, .parents] {
            #expect(types.contains(type), "\(pnr) lacks \(type)")
        }
        for type in Set(file.byPNR[pnr]!.map(\.type)) where [RecordType.personInformation, .currentAddress, .clearWrittenAddress, .currentName, .parents].contains(type) {
            #expect(file.records(pnr, type).count == 1, "\(type) once")
        }
        let status = try #require(file.record(pnr, .personInformation)?.int("STATUS"))
        #expect(types.contains(.currentAddress) == (status < 30))
    }
}
