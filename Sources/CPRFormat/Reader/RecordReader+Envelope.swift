// The envelope checks of spec §2.4: start record 000, end record 999 and its count.

private let opgavenrField = RecordLayouts.layout(for: .startRecord)!.index(of: "OPGAVENR")!
private let proddtoField = RecordLayouts.layout(for: .startRecord)!.index(of: "PRODDTO")!
private let proddtoForrigField = RecordLayouts.layout(for: .startRecord)!.index(of: "PRODDTOFORRIG")!
private let taellerField = RecordLayouts.layout(for: .endRecord)!.index(of: "TAELLER")!

extension RecordReader {
    /// OPGAVENR, PRODDTO (a real date) and PRODDTOFORRIG (a real date or
    /// `00000000`). Digits were checked with the other fields.
    func readHeader(_ record: Record, at place: RecordPlace) throws(CPRFormatError) -> FileHeader {
        guard let proddto = ProductionDate(yyyymmdd: record.bytes(proddtoField)) else {
            throw place.error(.badField, type: record.type, field: "PRODDTO", expected: "a date YYYYMMDD",
                              found: quotedForMessage(record.bytes(proddtoField)))
        }
        let forrig = record.bytes(proddtoForrigField)
        let proddtoForrig = ProductionDate(yyyymmdd: forrig)
        guard proddtoForrig != nil || forrig.allSatisfy({ $0 == 0x30 }) else {
            throw place.error(.badField, type: record.type, field: "PRODDTOFORRIG",
                              expected: "a date YYYYMMDD or 00000000", found: quotedForMessage(forrig))
        }
        return FileHeader(opgavenr: record.int(opgavenrField) ?? 0, proddto: proddto, proddtoForrig: proddtoForrig)
    }

    /// TAELLER must equal the records between 000 and 999 (spec §2.4: the
    /// sample's 1 100 records carry 00001098).
    mutating func checkTrailer(_ record: Record, at place: RecordPlace) throws(CPRFormatError) {
        let count = record.int(taellerField) ?? -1
        trailerCount = count
        let between = record.number - 2
        guard count == between else {
            throw place.error(.countMismatch, type: record.type, field: "TAELLER",
                              expected: "\(between) (records between 000 and 999)",
                              found: quotedForMessage(record.bytes(taellerField)))
        }
    }

    /// After 999: nothing but whitespace to the end of input.
    mutating func expectOnlyWhitespace() throws(CPRFormatError) {
        let (clean, offset) = try input.onlyWhitespaceRemains()
        guard !clean else { return }
        let s = input.start
        throw CPRFormatError(
            kind: .dataAfterEnd, fileName: name, recordNumber: recordCount + 1, byteOffset: offset,
            expected: "nothing but whitespace after end record 999",
            found: quotedRecordStart(input.buffer[s..<Swift.min(s + 16, input.end)]))
    }
}
