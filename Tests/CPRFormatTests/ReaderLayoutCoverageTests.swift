import CPRFormat
import Testing

/// Every layout of the table goes through the reader and `decoded()`.
@Suite struct ReaderLayoutCoverageTests {
    typealias F = ReaderFixtures

    @Test(arguments: [Framing.lines, .fixed])
    func everyRecordTypeParsesAndDecodes(_ framing: Framing) throws {
        let layouts = F.everyBodyLayout
        let writers = layouts.map { F.record($0) }
        let outcome = F.drain(F.file(writers, framing: framing))
        try #require(outcome.error == nil, "\(String(describing: outcome.error))")
        let body = Array(outcome.records.dropFirst().dropLast())
        try #require(body.count == layouts.count)
        for (record, (layout, writer)) in zip(body, zip(layouts, writers)) {
            #expect(record.layout.name == layout.name)
            #expect(record.paddedBytes == writer.bytes, "\(layout.name)")
            let decoded = record.decoded()
            #expect(decoded.layoutName == layout.name)
            #expect(decoded.fields.count == layout.fields.count, "\(layout.name)")
            for (field, spec) in zip(decoded.fields, layout.fields) {
                #expect(field.spec == spec)
                #expect(kind(of: field.value) == spec.kind, "\(layout.name) \(spec.name)")
            }
            #expect(decoded["RECORDTYPE"] == .code(layout.type.description))
        }
    }

    @Test func decodedValuesMatchWhatWasWritten() throws {
        let r = try #require(F.drain(F.file([F.record(RecordLayouts.layout(for: .historicalCivilStatus)!)],
                                            framing: .lines)).records.dropFirst().first)
        let d = r.decoded()
        #expect(d["PNR"] == .pnr(F.owner))
        #expect(d["ANNKOR"] == .annkor(.technicalChange))
        #expect(d["AEGTEPNR"] == .pnr(F.other))
        #expect(d["AEGTENVN_MRK"] == .nameMarker(.abbreviated))
        #expect(d["AEGTEFOEDDT_UMRK"] == .uncertainty(.uncertain))
        #expect(d["HAENSTART-CIVILSTAND"] == .dateTime(CPRDateTime("200111191230")))
        #expect(d["AEGTEFOED_DT"] == .date(CPRDate("2001-11-19")))
        #expect(d["CIVST"] == .text("V"))  // "Vestergade" cut to 1
        #expect(d["AEGTENVN"] == .text("Søren Kierkegård"))
        #expect(d["NO_SUCH_FIELD"] == nil)
    }

    @Test func startAndEndRecordsDecodeToo() throws {
        let records = F.drain(F.smallFile(.lines)).records
        let start = try #require(records.first).decoded()
        #expect(start["OPGAVENR"] == .code("110901"))
        #expect(start["PRODDTO"] == .code("20011119"))
        #expect(start["PRODDTOFORRIG"] == .code("20011118"))
        let end = try #require(records.last).decoded()
        #expect(end["TAELLER"] == .code("00000007"))
        #expect(end["SORTFELT-10"] == .text("9999999999"))
    }

    private func kind(of value: FieldValue) -> FieldKind {
        switch value {
        case .text: .alphanumeric
        case .code: .numeric
        case .date: .date
        case .dateTime: .dateTime
        case .uncertainty: .uncertaintyMarker
        case .nameMarker: .nameMarker
        case .annkor: .annkor
        case .pnr: .pnr
        }
    }
}
