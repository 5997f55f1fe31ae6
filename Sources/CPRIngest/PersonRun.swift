import CPRFormat
import CPRStore

/// The records of one person that stand together in a file (a "run"). Most files keep a
/// person's records together; where they do not, a person has several runs that
/// `RunMerger` joins after the load.
struct PersonRun {
    let pnr: PNR
    let firstRecord: Int
    let firstOffset: Int
    private(set) var builder: PersonSnapshotBuilder
    /// The records as UTF-8 lines, trailing blanks trimmed, joined by "\n".
    private(set) var lines: [UInt8] = []
    private(set) var recordCount = 0

    init(pnr: PNR, firstRecord: Int, firstOffset: Int) {
        self.pnr = pnr
        self.firstRecord = firstRecord
        self.firstOffset = firstOffset
        builder = PersonSnapshotBuilder(pnr: pnr)
        lines.reserveCapacity(2048)
    }

    mutating func add(_ record: Record) {
        if recordCount > 0 { lines.append(UInt8(ascii: "\n")) }
        RecordText.appendUTF8(of: record.bytes, to: &lines)
        recordCount += 1
        builder.add(record)
    }

    /// Adds one stored line (UTF-8, as `lines` holds them) when rebuilding from the database.
    mutating func add(storedLine: ArraySlice<UInt8>, record: Record) {
        if recordCount > 0 { lines.append(UInt8(ascii: "\n")) }
        lines.append(contentsOf: storedLine)
        recordCount += 1
        builder.add(record)
    }
}

/// What a run contributes to the staging tables.
struct RunRows {
    let productionDate: String
    let updatedAt: String

    /// Writes the run's raw row, and its person and alias rows when it has the 001, into
    /// the first three sinks (raw, person, alias).
    func write(_ run: PersonRun, into sinks: inout CopyFanOut.Sinks) {
        sinks.rows[0].field(run.pnr.digits)
        sinks.rows[0].beginField()
        run.lines.withUnsafeBufferPointer { sinks.rows[0].appendEscaped($0) }
        sinks.rows[0].field(run.firstRecord)
        sinks.rows[0].field(run.firstOffset)
        sinks.rows[0].endRow()
        guard run.builder.personInformationCount == 1 else { return }
        let snapshot = run.builder.finish()
        writePerson(snapshot, to: &sinks.rows[1])
        for (old, current) in snapshot.aliases where old != current {
            sinks.rows[2].field(old.digits)
            sinks.rows[2].field(current.digits)
            sinks.rows[2].field(run.pnr.digits)
            sinks.rows[2].endRow()
        }
    }

    func writePerson(_ person: PersonSnapshot, to rows: inout CopyText) {
        rows.field(person.pnr.digits)
        rows.field(person.currentPNR?.digits)
        rows.field(person.status)
        rows.field(person.sex.isEmpty ? nil : person.sex)
        rows.field(person.birthDate)
        rows.field(person.name.first)
        rows.field(person.name.middle)
        rows.field(person.name.last)
        rows.field(NameFolding.fold([person.name.first, person.name.middle, person.name.last].filter { !$0.isEmpty }.joined(separator: " ")))
        let address = person.address
        rows.field(address?.municipalityCode)
        rows.field(address?.roadCode)
        rows.field(address?.roadName)
        rows.field(address?.houseNumber)
        rows.field(address?.floor)
        rows.field(address?.door)
        rows.field(address.flatMap { $0.postalCode.isEmpty ? nil : $0.postalCode })
        rows.field(person.isNameAndAddressProtected)
        rows.beginField()
        PersonDocument.encode(person).withUnsafeBufferPointer { rows.appendEscaped($0) }
        if person.isNameAndAddressProtected {
            rows.beginField()
            PersonDocument.encode(person, redacted: true).withUnsafeBufferPointer { rows.appendEscaped($0) }
        } else {
            rows.null()
        }
        rows.field(productionDate)
        rows.field(updatedAt)
        rows.endRow()
    }
}

/// Record bytes (ISO-8859-1) as stored text (UTF-8).
enum RecordText {
    static func appendUTF8(of latin1: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var end = latin1.endIndex
        while end > latin1.startIndex, latin1[end - 1] == UInt8(ascii: " ") { end -= 1 }
        for byte in latin1[latin1.startIndex..<end] {
            if byte < 0x80 {
                output.append(byte)
            } else {
                output.append(0xC0 | (byte >> 6))
                output.append(0x80 | (byte & 0x3F))
            }
        }
    }

    /// Stored text back to the ISO-8859-1 bytes of the record (every stored character is Latin-1).
    static func latin1(ofUTF8 utf8: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x80 {
                output.append(byte)
                index += 1
            } else {
                let next = index + 1 < utf8.endIndex ? utf8[index + 1] : 0x80
                output.append(((byte & 0x03) << 6) | (next & 0x3F))
                index += 2
            }
        }
        return output
    }
}
