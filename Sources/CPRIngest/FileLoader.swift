import CPRFormat
import CPRStore
import Logging

/// Reads a CPR file with the streaming reader and writes its rows into the staging tables.
/// Holds one person run at a time; everything else streams through `CopyFanOut`.
struct FileLoader {
    struct Result: Sendable {
        var header: FileHeader?
        var records: Int
        var runs: Int
        var personRows: Int
        var events: Int
        var notices: Int
    }

    let path: String
    let displayName: String
    let tables: StagingTables
    let rows: RunRows
    let database: Database
    /// Called now and then with bytes consumed so far, for progress bars.
    let progress: (@Sendable (Int) -> Void)?
    /// The cancellation round of the ingest this load is part of (`CopyFanOut.round`).
    var round: Int? = nil

    func load() async throws -> Result {
        let targets: [CopyFanOut.Target] = [
            .init(table: tables.raw, columns: StagingTables.rawColumns),
            .init(table: tables.person, columns: StagingTables.personColumns),
            .init(table: tables.alias, columns: StagingTables.aliasColumns),
            .init(table: tables.event, columns: StagingTables.eventColumns),
            .init(table: tables.notice, columns: StagingTables.noticeColumns),
        ]
        let path = self.path, displayName = self.displayName, rows = self.rows, progress = self.progress
        return try await CopyFanOut(database: database, targets: targets, round: round).run { sinks in
            var reader = try RecordReader(path: path, name: displayName)
            var run: PersonRun?
            var result = Result(header: nil, records: 0, runs: 0, personRows: 0, events: 0, notices: 0)
            var sinceFlush = 0

            func flush(_ run: PersonRun, _ sinks: inout CopyFanOut.Sinks, _ result: inout Result) throws {
                guard run.builder.personInformationCount <= 1 else {
                    throw IngestError.content(
                        file: displayName, record: run.firstRecord, offset: run.firstOffset,
                        problem: "a person has \(run.builder.personInformationCount) 001 records in one run; expected one"
                    )
                }
                rows.write(run, into: &sinks)
                result.runs += 1
                if run.builder.personInformationCount == 1 { result.personRows += 1 }
            }

            while let record = try reader.next() {
                switch record.type.code {
                case 0, 999:
                    continue
                case 99:
                    writeEvent(record, to: &sinks.rows[3])
                    result.events += 1
                case 910, 997:
                    sinks.rows[4].field(record.type.description)
                    sinks.rows[4].field(record.text(1))
                    var text: [UInt8] = []
                    RecordText.appendUTF8(of: record.bytes, to: &text)
                    sinks.rows[4].field(utf8: text)
                    sinks.rows[4].endRow()
                    result.notices += 1
                default:
                    guard let pnr = record.ownerPNR else {
                        throw IngestError.content(
                            file: displayName, record: record.number, offset: record.offset,
                            problem: "record type \(record.type) has no PNR in positions 4-13"
                        )
                    }
                    if run?.pnr != pnr {
                        if let finished = run { try flush(finished, &sinks, &result) }
                        run = PersonRun(pnr: pnr, firstRecord: record.number, firstOffset: record.offset)
                    }
                    run!.add(record)
                }
                result.records += 1
                sinceFlush += 1
                if sinceFlush >= 2048 {
                    sinceFlush = 0
                    try await sinks.flushFull()
                    progress?(record.offset)
                }
            }
            if let finished = run { try flush(finished, &sinks, &result) }
            guard let header = reader.header else {
                throw IngestError.content(file: displayName, record: 1, offset: 0, problem: "no 000 start record")
            }
            result.header = header
            return result
        }
    }

    private static let eventFields: (timestamp: Int, code: Int, mark: Int, key: Int) = {
        let layout = RecordLayouts.layout(for: .event)!
        return (layout.index(of: "TIMESTAMPU")!, layout.index(of: "HAENDELSE")!, layout.index(of: "AFLEDTMRK")!, layout.index(of: "NGLKONST")!)
    }()

    private func writeEvent(_ record: Record, to rows: inout CopyText) {
        let fields = Self.eventFields
        rows.field(record.text(1))
        rows.field(record.text(fields.timestamp))
        rows.field(record.text(fields.code))
        rows.field(record.text(fields.mark))
        rows.field(record.text(fields.key))
        rows.endRow()
    }
}
