/// The two framings found in CPR files (spec §2.3).
public enum Framing: Sendable, Hashable {
    /// One record per line, trailing blanks trimmed, `\n` after each.
    case lines
    /// Full-length records back to back, no separators.
    case fixed

    /// Appends one full-length record in this framing.
    public func append(_ record: some BidirectionalCollection<UInt8>, to out: inout [UInt8]) {
        switch self {
        case .fixed:
            out.append(contentsOf: record)
        case .lines:
            var end = record.endIndex
            while end > record.startIndex, record[record.index(before: end)] == UInt8(ascii: " ") {
                end = record.index(before: end)
            }
            out.append(contentsOf: record[..<end])
            out.append(UInt8(ascii: "\n"))
        }
    }
}

/// Writes a whole extract file: 000, the records, and 999 with the count.
///
/// Output accumulates in `bytes`; call `takeBytes()` now and then to stream a
/// large file to disk instead of holding it in memory.
public struct RecordFileWriter: Sendable {
    public let framing: Framing
    /// Output not yet taken.
    public private(set) var bytes: [UInt8] = []
    /// Records appended after 000 so far: TAELLER of the 999 record.
    public private(set) var recordCount = 0
    public private(set) var isFinished = false

    /// Starts the file with `start` (normally `RecordWriter.startRecord(...)`).
    public init(framing: Framing, start: RecordWriter) {
        self.framing = framing
        framing.append(start.bytes, to: &bytes)
    }

    public init(
        framing: Framing,
        opgavenr: Int,
        proddto: (year: Int, month: Int, day: Int),
        proddtoForrig: (year: Int, month: Int, day: Int)?
    ) {
        self.init(framing: framing,
                  start: .startRecord(opgavenr: opgavenr, proddto: proddto, proddtoForrig: proddtoForrig))
    }

    public mutating func append(_ record: RecordWriter) {
        append(record: record.bytes)
    }

    /// A full-length record built elsewhere; counted like any other.
    public mutating func append(record: [UInt8]) {
        precondition(!isFinished, "record appended after the end record")
        framing.append(record, to: &bytes)
        recordCount += 1
    }

    /// Appends the 999 end record with TAELLER = `recordCount`.
    public mutating func finish() {
        precondition(!isFinished, "end record written twice")
        framing.append(RecordWriter.endRecord(count: recordCount).bytes, to: &bytes)
        isFinished = true
    }

    /// Hands over the output so far and starts an empty buffer.
    public mutating func takeBytes() -> [UInt8] {
        let out = bytes
        bytes = []
        bytes.reserveCapacity(out.count)
        return out
    }
}
