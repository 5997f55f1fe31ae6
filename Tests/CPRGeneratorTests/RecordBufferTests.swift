import CPRFormat
import Testing

@testable import CPRGenerator

/// The generator's fast record builder pads exactly like CPRFormat's `RecordWriter`.
@Suite struct RecordBufferTests {
    @Test func recordsEqualRecordWriterRebuildingThemFieldByField() throws {
        let population = Population(seed: 17, count: 400, today: Day(year: 2026, month: 1, day: 5))
        var checked: Set<UInt16> = []
        try population.forEach { person in
            for bytes in PersonRecords.records(person) {
                let type = try #require(RecordType(bytes: bytes.prefix(3)))
                let layout = try #require(RecordLayouts.layout(for: type))
                #expect(bytes.count == layout.length)
                var writer = RecordWriter(layout: layout)
                for (i, field) in layout.fields.enumerated() {
                    let raw = Array(bytes[field.range])
                    let blank = raw.allSatisfy { $0 == 0x20 }
                    switch field.kind {
                    case .numeric, .dateTime:
                        writer.set(field: i, Latin1.decode(raw))
                    case .date, .pnr:
                        writer.set(field: i, blank ? "" : Latin1.decode(raw))
                    case .alphanumeric, .uncertaintyMarker, .nameMarker, .annkor:
                        var text = raw
                        while text.last == 0x20 { text.removeLast() }
                        writer.set(field: i, Latin1.decode(text))
                    }
                }
                #expect(writer.bytes == bytes, "\(type)")
                checked.insert(type.code)
            }
        }
        #expect(checked.count > 20)
    }

    @Test func writesValuesByKind() {
        let pnr = PNR("0101965058")!
        var r = RecordBuffer(.personInformation, pnr)
        r.number(F001.status, 1)
        r.date(F001.birth, Day(year: 1896, month: 1, day: 1))
        r.stamp(F001.statusStart, Day(year: 2001, month: 11, day: 19), minuteOfDay: 12 * 60 + 34)
        r.text(F001.occupation, "Skibsfører ØÅ — ok")  // the dash is not Latin-1
        var w = RecordWriter(type: .personInformation)
        w.set("PNR", pnr)
        w.set("STATUS", 1)
        w.set("FOED_DT", "1896-01-01")
        w.set("STATUSHAENSTART", "200111191234")
        w.set("STILLING", "Skibsfører ØÅ ? ok")
        #expect(r.bytes == w.bytes)
    }
}
