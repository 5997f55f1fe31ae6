/// Streams records out of a CPR extract file (spec §2), checking as it goes.
///
/// ```swift
/// var reader = try RecordReader(path: "D240101.txt")
/// let pnrField = RecordLayouts.layout(for: .personInformation)!.index(of: "PNR")!
/// while let record = try reader.next() { ... record.pnr(pnrField) ... }
/// ```
///
/// - Framing is detected from the first record: a CR/LF within or right after
///   the 35-byte start record means one record per line (trailing blanks may be
///   trimmed); otherwise records are fixed-length and back to back.
/// - 000 must come first and once, 999 last with TAELLER = records between
///   them; only whitespace may follow 999; input ending before 999 is a
///   truncated file.
/// - No record may hold a control byte (below 0x20, or 0x7F) once framing has
///   taken off the line terminator; every field is checked against its kind
///   (digits, real dates and times, PNRs, markers); other text passes through
///   as Latin-1.
/// - Errors never quote a CPR number: see `malformedFieldError`.
/// - Memory is one chunk (default 1 MiB) plus whatever records the caller keeps.
///
/// The first error ends the stream: `next()` throws it again on every later call.
public struct RecordReader {
    public struct Options: Sendable, Hashable {
        /// Skip records whose 3-digit type is not in the layout table (they still
        /// count for TAELLER). Only possible in line framing: in fixed framing an
        /// unknown type's length is unknown, so it is always an error.
        public var skipUnknownRecordTypes: Bool
        /// Bytes read from the source at a time; at least 512.
        public var chunkSize: Int

        public init(skipUnknownRecordTypes: Bool = false, chunkSize: Int = 1 << 20) {
            self.skipUnknownRecordTypes = skipUnknownRecordTypes
            self.chunkSize = chunkSize
        }
    }

    /// The display name used in errors.
    public let name: String
    public let options: Options
    /// Known once the first record has been read.
    public private(set) var framing: Framing?
    /// The start record's contents, once it has been read.
    public private(set) var header: FileHeader?
    /// TAELLER of the 999 record, once it has been read.
    public internal(set) var trailerCount: Int?
    /// Records read so far, 000, 999 and skipped ones included.
    public private(set) var recordCount = 0
    /// Records skipped for an unknown type (`skipUnknownRecordTypes`).
    public private(set) var skippedRecordCount = 0

    var input: ChunkedInput
    let limits = FramingLimits()
    private var phase = Phase.start
    private var failure: CPRFormatError?

    private enum Phase {
        case start, body, afterEnd, finished
    }

    public init(source: some ByteSource, name: String, options: Options = Options()) {
        self.name = name
        self.options = options
        input = ChunkedInput(source: source, name: name, chunkSize: Swift.max(options.chunkSize, 512))
    }

    /// Opens a file; `name` (for errors) defaults to the path's last component.
    public init(path: String, name: String? = nil, options: Options = Options()) throws(CPRFormatError) {
        let source = try FileSource(path: path)
        self.init(source: source, name: name ?? path.split(separator: "/").last.map(String.init) ?? path,
                  options: options)
    }

    /// Reads from memory (tests, small inputs).
    public init(bytes: [UInt8], name: String = "<memory>", options: Options = Options()) {
        self.init(source: BytesSource(bytes), name: name, options: options)
    }

    /// Bytes consumed so far: the file offset just after the last record returned.
    public var bytesConsumed: Int { input.fileOffset(input.start) }

    /// The next record, nil after the 999 record once nothing but whitespace follows.
    public mutating func next() throws(CPRFormatError) -> Record? {
        if let failure { throw failure }
        do {
            return try advance()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func advance() throws(CPRFormatError) -> Record? {
        switch phase {
        case .finished:
            return nil
        case .afterEnd:
            phase = .finished
            try expectOnlyWhitespace()
            return nil
        case .start:
            framing = try detectFraming()
            phase = .body
        case .body:
            break
        }
        while true {
            let raw = framing == .lines ? try nextLine() : try nextFixed()
            guard let raw else {
                throw CPRFormatError(
                    kind: .truncated, fileName: name, recordNumber: recordCount + 1, byteOffset: bytesConsumed,
                    expected: "end record 999", found: "end of input after record \(recordCount)")
            }
            recordCount += 1
            guard let unmanaged = raw.compiled else {
                if options.skipUnknownRecordTypes {
                    skippedRecordCount += 1
                    continue
                }
                throw place(raw).error(.unknownRecordType, type: raw.type, expected: "a record type of the layout table",
                                       found: quotedForMessage(input.buffer[raw.lo..<(raw.lo + 3)]))
            }
            if raw.type == .startRecord && recordCount > 1 {
                throw place(raw).error(.duplicateStartRecord, type: raw.type,
                                       expected: "start record 000 only as record 1", found: "a second 000")
            }
            let malformed = input.buffer.withUnsafeBufferPointer { chunk in
                unmanaged._withUnsafeGuaranteedRef { compiled in
                    let bytes = UnsafeBufferPointer(rebasing: chunk[raw.lo..<raw.hi])
                    return recordError(compiled, bytes, type: raw.type, at: place(raw))
                }
            }
            if let malformed { throw malformed }
            let record = Record(type: raw.type, compiled: unmanaged, number: recordCount, offset: raw.offset,
                                bytes: input.buffer[raw.lo..<raw.hi])
            if raw.type == .startRecord {
                header = try readHeader(record, at: place(raw))
            } else if raw.type == .endRecord {
                phase = .afterEnd
                try checkTrailer(record, at: place(raw))
            }
            return record
        }
    }

    private func place(_ raw: RawRecord) -> RecordPlace {
        RecordPlace(fileName: name, number: recordCount, offset: raw.offset)
    }
}

/// One record located in the chunk, before any field is looked at.
struct RawRecord {
    let type: RecordType
    /// nil for a type not in the layout table (line framing only).
    let compiled: Unmanaged<CompiledLayout>?
    /// Range in `ChunkedInput.buffer`, terminator excluded.
    let lo: Int
    let hi: Int
    /// File offset of the first byte.
    let offset: Int
}
