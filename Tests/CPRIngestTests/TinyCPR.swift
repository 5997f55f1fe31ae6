import CPRFormat
import Foundation

/// Small hand-made CPR files for exact assertions; the generator covers realism.
struct TinyPerson {
    var pnr: String
    var first = "Søren"
    var last = "Ærø"
    var status = "01"
    var currentPNR: String?
    var municipality = "0851"
    var protected = false
    var oldPNR: String?

    func records() -> [RecordWriter] {
        var list: [RecordWriter] = []
        var r001 = RecordWriter(type: .personInformation)
        r001.set("PNR", pnr)
        if let currentPNR { r001.set("PNRGAELD", currentPNR) }
        r001.set("STATUS", status)
        r001.set("STATUSHAENSTART", "200101011200")
        r001.set("KOEN", Int(pnr.suffix(1))! % 2 == 1 ? "M" : "K")
        r001.set("FOED_DT", "1961-08-01")
        list.append(r001)
        if status < "30" {
            var r002 = RecordWriter(type: .currentAddress)
            r002.set("PNR", pnr)
            r002.set("KOMKOD", municipality)
            r002.set("VEJKOD", "1234")
            r002.set("HUSNR", "012A")
            r002.set("ETAGE", "st")
            r002.set("SIDEDOER", "tv")
            r002.set("TILFLYDTO", "201005011200")
            list.append(r002)
        }
        var r003 = RecordWriter(type: .clearWrittenAddress)
        r003.set("PNR", pnr)
        r003.set("ADRNVN", "\(last),\(first)")
        r003.set("POSTNR", "9000")
        r003.set("POSTDISTTXT", "Aalborg")
        r003.set("VEJADRNVN", "Østergade")
        list.append(r003)
        if protected {
            var r004 = RecordWriter(type: .protection)
            r004.set("PNR", pnr)
            r004.set("BESKYTTYPE", "0001")
            r004.set("START_DT-BESKYTTELSE", "2020-01-01")
            list.append(r004)
        }
        var r008 = RecordWriter(type: .currentName)
        r008.set("PNR", pnr)
        r008.set("FORNVN", first)
        r008.set("EFTERNVN", last)
        r008.set("ADRNVN", "\(last),\(first)")
        list.append(r008)
        if let oldPNR {
            var r022 = RecordWriter(type: RecordType(code: 22)!)
            r022.set("PNR", pnr)
            r022.set("PNR-TIDLIGERE", oldPNR)
            list.append(r022)
        }
        return list
    }
}

enum TinyCPR {
    static func file(
        _ persons: [TinyPerson],
        production: (Int, Int, Int),
        previous: (Int, Int, Int)?,
        framing: Framing = .lines,
        addressRecordsAtEnd: Bool = false,
        events: Bool = false
    ) -> [UInt8] {
        var writer = RecordFileWriter(
            framing: framing, opgavenr: 110901,
            proddto: (production.0, production.1, production.2),
            proddtoForrig: previous.map { ($0.0, $0.1, $0.2) }
        )
        var trailing: [RecordWriter] = []
        for person in persons {
            for record in person.records() {
                if addressRecordsAtEnd, record.layout.type == .clearWrittenAddress {
                    trailing.append(record)
                } else {
                    writer.append(record)
                }
            }
            if events {
                var event = RecordWriter(type: RecordType(code: 99)!)
                event.set("PNR", person.pnr)
                event.set("TIMESTAMPU", "202601050000")
                event.set("HAENDELSE", "A01")
                writer.append(event)
            }
        }
        for record in trailing { writer.append(record) }
        writer.finish()
        return writer.bytes
    }

    static func write(_ bytes: [UInt8], named name: String, in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A path for a test's files, made on first write; the test removes it with `Shell.removeTemporary`.
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cprd-ingest-\(UUID().uuidString)").path
    }
}
