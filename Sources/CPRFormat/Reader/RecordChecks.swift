// Checks shared by the reader and `Record(parsing:)`: what a record's bytes must
// look like, independent of how the file is framed. They work on raw buffers
// and build error details only when something is wrong.

/// Where a record sits, for building errors about it.
struct RecordPlace {
    let fileName: String
    let number: Int
    let offset: Int

    func error(_ kind: CPRFormatError.Kind, type: RecordType? = nil, field: String? = nil,
               expected: String, found: String) -> CPRFormatError {
        CPRFormatError(kind: kind, fileName: fileName, recordNumber: number, byteOffset: offset,
                       recordType: type, fieldName: field, expected: expected, found: found)
    }
}

/// The record type from 3 ASCII digits at `p[i...]`; the caller guarantees 3 bytes.
@inline(__always)
func typeCode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt16? {
    let a = p[i] &- 0x30, b = p[i + 1] &- 0x30, c = p[i + 2] &- 0x30
    guard a < 10, b < 10, c < 10 else { return nil }
    return UInt16(a) * 100 + UInt16(b) * 10 + UInt16(c)
}

/// What a line (terminator stripped, trailing blanks possibly trimmed) is.
enum LineClass {
    /// A type of the layout table, with the layout that fits the line's length.
    case known(RecordType, Unmanaged<CompiledLayout>)
    /// Three digits, but not in the layout table: may be skipped.
    case unknown(RecordType)
    /// Fewer than 3 bytes, non-digit type, or longer than the type's layout.
    case malformed(CPRFormatError.Kind, RecordType?, expected: String, found: String)

    init(_ line: UnsafeBufferPointer<UInt8>) {
        guard line.count >= 3 else {
            self = .malformed(.recordCutShort, nil, expected: "a 3-digit record type", found: quotedForMessage(line))
            return
        }
        guard let code = typeCode(line, at: 0) else {
            self = .malformed(.unknownRecordType, nil, expected: "a 3-digit record type",
                              found: quotedForMessage(line.prefix(3)))
            return
        }
        let type = RecordType(code: Int(code))!
        guard CompiledLayouts.unmanagedStandard(code) != nil else {
            self = .unknown(type)
            return
        }
        guard let compiled = CompiledLayouts.fitting(code, length: line.count) else {
            self = .malformed(.lineTooLong, type, expected: "at most \(CompiledLayouts.maxLength(code)) bytes",
                              found: "\(line.count) bytes")
            return
        }
        self = .known(type, compiled)
    }
}

/// The `.badField` error for the first malformed field of `record`, nil when all are well-formed.
func malformedFieldError(_ compiled: CompiledLayout, _ record: UnsafeBufferPointer<UInt8>, type: RecordType,
                         at place: @autoclosure () -> RecordPlace) -> CPRFormatError? {
    guard let bad = compiled.firstMalformedField(in: record) else { return nil }
    let spec = compiled.layout.fields[bad]
    let end = Swift.min(spec.offset + spec.length, record.count)
    var found = Array(record[Swift.min(spec.offset, end)..<end])
    found += repeatElement(0x20, count: spec.length - found.count)  // a trimmed tail reads as blanks
    return place().error(.badField, type: type, field: spec.name,
                         expected: CompiledLayout.expectation(for: spec), found: quotedForMessage(found))
}

extension Record {
    /// Parses one record's bytes as a line would hold them (no terminator;
    /// trailing blanks may be trimmed; a 002 longer than 306 is the extended
    /// variant) and checks its fields like the reader does. For records kept
    /// as raw bytes, e.g. in an audit table.
    public init(parsing bytes: [UInt8], fileName: String = "record", number: Int = 1, offset: Int = 0)
        throws(CPRFormatError)
    {
        let place = RecordPlace(fileName: fileName, number: number, offset: offset)
        let (cls, error) = bytes.withUnsafeBufferPointer { line -> (LineClass, CPRFormatError?) in
            let cls = LineClass(line)
            guard case .known(let type, let compiled) = cls else { return (cls, nil) }
            return (cls, malformedFieldError(compiled.takeUnretainedValue(), line, type: type, at: place))
        }
        if let error { throw error }
        switch cls {
        case .known(let type, let compiled):
            self.init(type: type, compiled: compiled.takeUnretainedValue(), number: number, offset: offset,
                      bytes: bytes[...])
        case .unknown(let type):
            throw place.error(.unknownRecordType, type: type, expected: "a record type of the layout table",
                              found: quotedForMessage(bytes.prefix(3)))
        case .malformed(let kind, let type, let expected, let found):
            throw place.error(kind, type: type, expected: expected, found: found)
        }
    }
}
