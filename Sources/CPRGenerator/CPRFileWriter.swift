import CPRFormat

/// One CPR file on disk: 000, records, 999 with TAELLER, streamed through a ~1 MiB
/// buffer (CPRFormat's `RecordFileWriter` frames; `FileSink` writes).
struct CPRFileWriter {
    private static let flushSize = 1 << 20
    private var file: RecordFileWriter
    private let sink: FileSink

    /// Task numbers (OPGAVENR) of the synthetic deliveries.
    static let statusExtractTask = 110900
    static let changeExtractTask = 110901

    init(path: String, framing: Framing, task: Int, production: Day, previous: Day?) throws {
        sink = try FileSink(path: path)
        let p = production.ymd
        file = RecordFileWriter(framing: framing, opgavenr: task, proddto: (p.year, p.month, p.day),
                                proddtoForrig: previous.map { $0.ymd })
    }

    /// Appends one full-length record.
    mutating func append(_ record: [UInt8]) throws {
        file.append(record: record)
        if file.bytes.count >= CPRFileWriter.flushSize { try sink.write(file.takeBytes()) }
    }

    /// Writes 999, flushes and closes; returns TAELLER and the file size.
    mutating func finish() throws -> (records: Int, bytes: Int) {
        file.finish()
        try sink.write(file.takeBytes())
        try sink.close()
        return (file.recordCount, sink.bytesWritten)
    }
}
