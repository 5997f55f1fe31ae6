import CPRFormat
import Foundation
import Testing

@testable import CPRGenerator

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TempDirectory {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("cprgen-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A file as the colleague's `RecordReader` reads it: header, records, persons.
struct ParsedFile: Sendable {
    let header: FileHeader
    let trailerCount: Int
    let framing: Framing
    /// Every record between 000 and 999, in file order.
    let records: [Record]
    /// PNR → its records in file order (999/000 excluded; 997 receipts included).
    let byPNR: [PNR: [Record]]
    /// PNRs in order of first appearance.
    let pnrs: [PNR]
    let bytes: [UInt8]

    init(path: String) throws {
        var reader = try RecordReader(path: path)
        var records: [Record] = []
        while let record = try reader.next() {
            if record.type != .startRecord && record.type != .endRecord { records.append(record) }
        }
        header = try #require(reader.header)
        trailerCount = try #require(reader.trailerCount)
        framing = try #require(reader.framing)
        self.records = records
        var byPNR: [PNR: [Record]] = [:]
        var pnrs: [PNR] = []
        for r in records {
            let owner = try #require(r.ownerPNR, "record \(r.number) has no owner PNR")
            if byPNR[owner] == nil { pnrs.append(owner) }
            byPNR[owner, default: []].append(r)
        }
        self.byPNR = byPNR
        self.pnrs = pnrs
        bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The first record of `type` for `pnr`.
    func record(_ pnr: PNR, _ type: RecordType) -> Record? {
        byPNR[pnr]?.first { $0.type == type }
    }

    func records(_ pnr: PNR, _ type: RecordType) -> [Record] {
        byPNR[pnr]?.filter { $0.type == type } ?? []
    }

    /// PNRs holding a 001 (persons, not bare receipts).
    var persons: [PNR] { pnrs.filter { record($0, .personInformation) != nil } }

    /// Each person's full-length records without 099: what a replica stores.
    var snapshots: [PNR: [[UInt8]]] {
        var result: [PNR: [[UInt8]]] = [:]
        for pnr in persons {
            result[pnr] = byPNR[pnr]!.filter { $0.type != .event && $0.type != .subscriptionDeletionReceipt }.map(\.paddedBytes)
        }
        return result
    }
}

/// One generator run: its files parsed, and the person states it meant to write.
struct Run: Sendable {
    let options: GeneratorOptions
    let files: [GeneratedFile]
    let parsed: [ParsedFile]
    /// Per file (same index as `files`): PNR → the state the generator wrote.
    let intended: [[PNR: Person]]

    init(_ options: GeneratorOptions, label: String = "run") throws {
        let dir = try TempDirectory(label)
        defer { dir.remove() }
        var intended: [[PNR: Person]] = []
        let files = try Generator.write(options, to: dir.path) { _, index, person in
            while intended.count <= index { intended.append([:]) }
            intended[index][person.pnr] = person
        }
        self.options = options
        self.files = files
        parsed = try files.map { try ParsedFile(path: $0.path) }
        while intended.count < files.count { intended.append([:]) }
        self.intended = intended
    }

    var fullExtract: ParsedFile { parsed[0] }
    var changeFiles: [ParsedFile] { zip(files, parsed).filter { $0.0.kind == .change }.map(\.1) }
    var asOfExtract: ParsedFile? { zip(files, parsed).first { $0.0.kind == .asOfExtract }?.1 }
}

/// Bytes of every file of a run, by file name.
func fileBytes(_ options: GeneratorOptions) throws -> [String: [UInt8]] {
    let dir = try TempDirectory("bytes")
    defer { dir.remove() }
    var result: [String: [UInt8]] = [:]
    for f in try Generator.write(options, to: dir.path) {
        result[String(f.path.split(separator: "/").last!)] = Array(try Data(contentsOf: URL(fileURLWithPath: f.path)))
    }
    return result
}

extension Sex {
    var koen: String { self == .male ? "M" : "K" }
}
