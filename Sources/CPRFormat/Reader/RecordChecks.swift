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

/// The first thing wrong with a record's bytes, nil when nothing is: a control
/// byte anywhere (one pass over the bytes), else the first malformed field. The
/// common case, a good record, costs the control scan and the word probes.
@inline(__always)
func recordError(_ compiled: CompiledLayout, _ record: UnsafeBufferPointer<UInt8>, type: RecordType,
                 at place: @autoclosure () -> RecordPlace) -> CPRFormatError? {
    if let bad = firstControlByte(in: record) {
        return controlByteError(compiled, record, at: bad, type: type, place: place())
    }
    return compiled.acceptsQuickly(record) ? nil : malformedFieldError(compiled, record, type: type, at: place())
}

/// Index of the first byte below 0x20 or equal to 0x7F, nil when there is none.
///
/// The hot loop of reading: every record goes through it. Sixteen bytes per
/// step as one vector, findings OR-ed together so there is no branch per step
/// (a tail under 16 bytes is covered by the record's last 16, overlapping what
/// was seen). Records under 16 bytes (trimmed lines) go by words or bytes. Only
/// a record that has a control byte is scanned again, byte by byte, to find it.
@inline(__always)
func firstControlByte(in r: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = r.count
    guard let base = r.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    if n >= 16 {
        var found = SIMD16<UInt8>()
        var i = 0
        while i &+ 16 <= n {
            found |= controlBytes(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self))
            i &+= 16
        }
        found |= controlBytes(raw.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self))
        let words = unsafeBitCast(found, to: (UInt64, UInt64).self)
        guard (words.0 | words.1) & 0x8080_8080_8080_8080 != 0 else { return nil }
    } else if n >= 8 {
        let found = controlBytes(raw.loadUnaligned(as: UInt64.self))
            | controlBytes(raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
        guard found != 0 else { return nil }
    }
    return r.firstIndex(where: isControlByte)
}

@inline(__always)
func isControlByte(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }

/// The high bit of each lane set exactly where the lane is a control byte. Lane
/// by lane (no carries between lanes): with `a` the low 7 bits, `a - 0x20` has
/// its high bit set when a < 0x20 and `a + 1` when a = 0x7F; a byte with its
/// own high bit set (0x80…0xFF, Latin-1 letters) is never one.
@inline(__always)
private func controlBytes(_ v: SIMD16<UInt8>) -> SIMD16<UInt8> {
    let a = v & 0x7F
    return ((a &- 0x20) | (a &+ 0x01)) & ~v
}

/// Non-zero when some byte of `x` is below 0x20 or is 0x7F (for records under
/// 16 bytes). The classic "has a byte less than n" word test: a byte's high bit
/// survives `(x - n) & ~x` only if that byte (or, through a borrow, a lower one
/// that is itself below n) is below n, so the answer for the word is exact.
/// 0x7F is the byte that XOR 0x7F turns into a zero, i.e. below 1.
@inline(__always)
private func controlBytes(_ x: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    let below20 = (x &- ones &* 0x20) & ~x
    let y = x ^ (ones &* 0x7F)
    let del = (y &- ones) & ~y
    return (below20 | del) & highBits
}

/// A control byte at `i` of `record`: the error names the byte's own file offset,
/// its position in the record and the field it is in, never the record's content.
func controlByteError(_ compiled: CompiledLayout, _ record: UnsafeBufferPointer<UInt8>, at i: Int,
                      type: RecordType, place: RecordPlace) -> CPRFormatError {
    let b = record[i]
    let hex = (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
    let field = compiled.layout.fields.first { $0.range.contains(i) }
    return CPRFormatError(
        kind: .controlByte, fileName: place.fileName, recordNumber: place.number, byteOffset: place.offset + i,
        recordType: type, fieldName: field?.name,
        expected: "no control byte (below 0x20, or 0x7F) inside a record",
        found: "byte 0x\(hex) at position \(i + 1) of the record")
}

/// The `.badField` error for the first malformed field of `record`, nil when all are well-formed.
///
/// What was found is quoted only where it cannot be a CPR number: in records
/// without an owner PNR (000, 999, 910), and in person records for fields
/// shorter than 10 bytes that are not PNRs (codes, markers). Other fields of a
/// person record (PNRs, dates, date-times) are described instead: the first
/// byte out of place and its position, or the impossible part of a date
/// ("month 13", "hour 45").
func malformedFieldError(_ compiled: CompiledLayout, _ record: UnsafeBufferPointer<UInt8>, type: RecordType,
                         at place: @autoclosure () -> RecordPlace) -> CPRFormatError? {
    guard let bad = compiled.firstMalformedField(in: record) else { return nil }
    let spec = compiled.layout.fields[bad]
    let end = Swift.min(spec.offset + spec.length, record.count)
    var found = Array(record[Swift.min(spec.offset, end)..<end])
    found += repeatElement(0x20, count: spec.length - found.count)  // a trimmed tail reads as blanks
    let mayQuote = !compiled.hasOwnerPNR || (spec.kind != .pnr && spec.length < 10)
    return place().error(.badField, type: type, field: spec.name,
                         expected: CompiledLayout.expectation(for: spec),
                         found: describeMalformed(found, kind: spec.kind, mayQuote: mayQuote))
}

/// What is wrong with a malformed field's value `v` (exactly the field's length).
func describeMalformed(_ v: [UInt8], kind: FieldKind, mayQuote: Bool) -> String {
    if let fault = calendarFault(v, kind: kind) { return fault }
    if mayQuote { return quotedForMessage(v) }
    guard let i = firstMisshapenByte(v, kind: kind) else { return "a value of the wrong form" }
    return quotedForMessage(v[i...i]) + " at position \(i + 1) of \(v.count)"
}

/// Index of the first byte that breaks the shape of `kind` (digits, dashes),
/// nil when the shape is right or the field is all blank (where blank is allowed).
func firstMisshapenByte(_ v: [UInt8], kind: FieldKind) -> Int? {
    let isDigit = { (b: UInt8) in b &- 0x30 < 10 }
    switch kind {
    case .numeric:
        return v.firstIndex { !isDigit($0) }
    case .pnr, .dateTime:
        if v.allSatisfy({ $0 == 0x20 }) { return nil }
        return v.firstIndex { !isDigit($0) }
    case .date:
        if v.allSatisfy({ $0 == 0x20 }) { return nil }
        return v.indices.first { i in (i == 4 || i == 7) ? v[i] != UInt8(ascii: "-") : !isDigit(v[i]) }
    case .uncertaintyMarker, .nameMarker, .annkor:
        return v.isEmpty ? nil : 0
    case .alphanumeric:
        return nil
    }
}

/// For a date or date-time of the right shape, the part that cannot be: "month
/// 13", "day 30 in a month of 29 days", "hour 24", "minute 60". nil otherwise.
/// Never the whole value, so a birth date is not spelled out.
func calendarFault(_ v: [UInt8], kind: FieldKind) -> String? {
    let separator: Int
    switch kind {
    case .date where v.count == 10: separator = 1
    case .dateTime where v.count == 12: separator = 0
    default: return nil
    }
    guard !v.allSatisfy({ $0 == 0x20 }), firstMisshapenByte(v, kind: kind) == nil else { return nil }
    func two(_ i: Int) -> Int { Int(v[i] - 0x30) * 10 + Int(v[i + 1] - 0x30) }
    let year = two(0) * 100 + two(2)
    let month = two(4 + separator)
    let day = two(6 + 2 * separator)
    if month > 12 { return "month \(month)" }
    if day > 31 { return "day \(day)" }
    if !Gregorian.isPlausibleCPRDate(year: year, month: month, day: day) {
        return "day \(day) in a month of \(Gregorian.daysIn(month: month, year: year)) days"
    }
    if kind == .dateTime {
        let hour = two(8), minute = two(10)
        if hour > 23 { return "hour \(hour)" }
        if !CPRDateTime.isPlausibleTime(hour: hour, minute: minute) { return "minute \(minute)" }
    }
    return nil
}

/// The start of something that should have been a record, for an error message:
/// leading whitespace, then at most the 3 bytes of a record type. Never more, as
/// positions 4-13 of a person record are its PNR.
func quotedRecordStart(_ bytes: some Collection<UInt8>) -> String {
    let blanks = bytes.prefix(while: isWhitespace).prefix(12)
    let shown = bytes.prefix(blanks.count + 3)
    return quotedForMessage(shown) + (bytes.count > shown.count ? "…" : "")
}

extension Record {
    /// Parses one record's bytes as a line would hold them (no terminator;
    /// trailing blanks may be trimmed; a 002 longer than 306 is the extended
    /// variant) and checks its bytes and fields like the reader does. For records kept
    /// as raw bytes, e.g. in an audit table.
    public init(parsing bytes: [UInt8], fileName: String = "record", number: Int = 1, offset: Int = 0)
        throws(CPRFormatError)
    {
        let place = RecordPlace(fileName: fileName, number: number, offset: offset)
        let (cls, error) = bytes.withUnsafeBufferPointer { line -> (LineClass, CPRFormatError?) in
            let cls = LineClass(line)
            guard case .known(let type, let compiled) = cls else { return (cls, nil) }
            return (cls, recordError(compiled.takeUnretainedValue(), line, type: type, at: place))
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
