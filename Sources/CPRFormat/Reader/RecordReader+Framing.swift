// Splitting the input into records: framing detection, lines, fixed-length.

/// Distances the framing code works with, computed once per reader (global
/// lets would be lazily initialised and checked on every access).
struct FramingLimits {
    /// Longest line content: the longest layout (extended 002, 382) plus a '\r'.
    let maxLineContent = RecordLayouts.maxLength + 1
    /// How far to look for a line's '\n'.
    var lineScanLimit: Int { maxLineContent + 1 }
    /// Enough to decide the 002 variant in fixed framing: the extended record plus
    /// type and PNR of the record after it.
    let addressLookahead = CompiledLayouts.currentAddressExtended.length + 13
    /// The start record's length (35).
    let startLength = CompiledLayouts.standard(RecordType.startRecord.code)!.length
}

extension RecordReader {
    /// Line framing when a CR/LF lies within or right after the 35-byte start
    /// record; fixed-length when the start record is directly followed by
    /// another plausible record. If neither, a line break anywhere within reach
    /// of a line means lines (the first line is then reported too long).
    mutating func detectFraming() throws(CPRFormatError) -> Framing {
        _ = try input.ensure(limits.addressLookahead)
        let s = input.start
        let available = input.available
        let buffer = input.buffer
        guard available >= 3, buffer[s] == 0x30, buffer[s + 1] == 0x30, buffer[s + 2] == 0x30 else {
            throw CPRFormatError(
                kind: .missingStartRecord, fileName: name, recordNumber: 1, byteOffset: input.fileOffset(s),
                expected: "start record 000",
                found: available == 0 ? "end of input" : quotedRecordStart(buffer[s..<(s + Swift.min(available, 16))]))
        }
        let startLength = limits.startLength
        let probe = buffer[s..<(s + Swift.min(available, startLength + 1))]
        if probe.contains(where: { $0 == 0x0A || $0 == 0x0D }) { return .lines }
        if looksLikeRecordStartOrEnd(at: s + startLength) { return .fixed }
        if input.firstIndex(of: 0x0A, from: s, limit: limits.lineScanLimit) != nil { return .lines }
        return .fixed
    }

    // MARK: Lines

    /// The next non-empty line, '\r' stripped. nil at end of input.
    mutating func nextLine() throws(CPRFormatError) -> RawRecord? {
        while true {
            guard try input.ensure(1) else { return nil }
            let s = input.start
            let lineEnd: Int
            let next: Int
            if let newline = input.firstIndex(of: 0x0A, from: s, limit: limits.lineScanLimit) {
                lineEnd = newline
                next = newline + 1
            } else if input.atEOF {
                lineEnd = input.end
                next = input.end
            } else if input.available >= limits.lineScanLimit {
                throw CPRFormatError(
                    kind: .lineTooLong, fileName: name, recordNumber: recordCount + 1, byteOffset: input.fileOffset(s),
                    recordType: RecordType(bytes: input.buffer[s..<(s + 3)]),
                    expected: "a line break within \(limits.maxLineContent) bytes", found: "none")
            } else {
                _ = try input.ensure(input.available + 1)
                continue
            }
            input.start = next
            let hi = lineEnd > s && input.buffer[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
            if hi == s { continue }  // empty line: no record
            let cls = input.buffer.withUnsafeBufferPointer { LineClass(UnsafeBufferPointer(rebasing: $0[s..<hi])) }
            switch cls {
            case .known(let type, let compiled):
                return RawRecord(type: type, compiled: compiled, lo: s, hi: hi, offset: input.fileOffset(s))
            case .unknown(let type):
                return RawRecord(type: type, compiled: nil, lo: s, hi: hi, offset: input.fileOffset(s))
            case .malformed(let kind, let type, let expected, let found):
                throw CPRFormatError(kind: kind, fileName: name, recordNumber: recordCount + 1,
                                     byteOffset: input.fileOffset(s), recordType: type, expected: expected, found: found)
            }
        }
    }

    // MARK: Fixed length

    /// The next record of exactly its layout's length. nil at end of input
    /// (trailing whitespace included).
    mutating func nextFixed() throws(CPRFormatError) -> RawRecord? {
        guard try input.ensure(3) else {
            let rest = input.buffer[input.start..<input.end]
            if rest.allSatisfy(isWhitespace) { return nil }
            throw cutShort(expected: "a 3-digit record type", found: quotedForMessage(rest) + " at end of input")
        }
        let s = input.start
        let code = input.buffer.withUnsafeBufferPointer { typeCode($0, at: s) }
        guard let code, let standard = CompiledLayouts.unmanagedStandard(code) else {
            return try misplacedFixedRecord()
        }
        var compiled = standard
        if code == RecordType.currentAddress.code {
            compiled = try addressVariant(standard: standard)
        }
        let length = compiled._withUnsafeGuaranteedRef { $0.length }
        guard try input.ensure(length) else {
            throw cutShort(type: RecordType(code: Int(code)), expected: "\(length) bytes",
                           found: "\(input.available) bytes before end of input")
        }
        let lo = input.start
        input.start = lo + length
        return RawRecord(type: RecordType(validCode: code), compiled: compiled, lo: lo, hi: lo + length,
                         offset: input.fileOffset(lo))
    }

    /// No known type where fixed framing expects the next record: only
    /// whitespace up to the end (nil), or an error naming what is there.
    private mutating func misplacedFixedRecord() throws(CPRFormatError) -> RawRecord? {
        let s = input.start
        let offset = input.fileOffset(s)
        let firstBytes = input.buffer[s..<Swift.min(s + 16, input.end)]
        let shown = quotedRecordStart(firstBytes)
        if isWhitespace(input.buffer[s]) {
            if try input.onlyWhitespaceRemains().0 { return nil }
            throw CPRFormatError(
                kind: .unknownRecordType, fileName: name, recordNumber: recordCount + 1, byteOffset: offset,
                expected: "a 3-digit record type (fixed-length framing has no separators)", found: shown)
        }
        throw CPRFormatError(
            kind: .unknownRecordType, fileName: name, recordNumber: recordCount + 1, byteOffset: offset,
            recordType: RecordType(bytes: firstBytes.prefix(3)),
            expected: "a record type of the layout table (in fixed-length framing an unknown type cannot be skipped)",
            found: shown)
    }

    /// 002 comes as 306 bytes or, with VEJNVN and ADRESSE_UUID, as 382; fixed
    /// framing has no line end to tell. Heuristic: if what follows byte 306 is a
    /// plausible record start (or the end of input), it is the standard 002;
    /// else if what follows byte 382 is, the extended one; else the standard one
    /// (and the next record's error shows where the stream went wrong). A road
    /// name never starts with a record type followed by 10 digits, so the
    /// extended record is not mistaken for a standard one.
    private mutating func addressVariant(standard: Unmanaged<CompiledLayout>) throws(CPRFormatError)
        -> Unmanaged<CompiledLayout>
    {
        _ = try input.ensure(limits.addressLookahead)
        let extended = CompiledLayouts.currentAddressExtended
        let standardLength = standard._withUnsafeGuaranteedRef { $0.length }
        if looksLikeRecordStartOrEnd(at: input.start + standardLength) { return standard }
        if looksLikeRecordStartOrEnd(at: input.start + extended.length) { return Unmanaged.passUnretained(extended) }
        return standard
    }

    /// A known record type followed by 10 digits (type and PNR of a person
    /// record, SORTFELT of 000), or the 999 trailer; or the end of input with
    /// at most whitespace before it. Looks only at bytes already in the chunk.
    func looksLikeRecordStartOrEnd(at p: Int) -> Bool {
        let buffer = input.buffer
        let end = input.end
        guard p <= end else { return false }
        if input.atEOF && buffer[p..<end].allSatisfy(isWhitespace) { return true }
        guard p + 3 <= end, let type = RecordType(bytes: buffer[p..<(p + 3)]),
              CompiledLayouts.standard(type.code) != nil
        else { return false }
        if type == .endRecord { return true }
        guard p + 13 <= end else { return false }
        return buffer[(p + 3)..<(p + 13)].allSatisfy { $0 &- 0x30 < 10 }
    }

    private func cutShort(type: RecordType? = nil, expected: String, found: String) -> CPRFormatError {
        CPRFormatError(kind: .recordCutShort, fileName: name, recordNumber: recordCount + 1,
                       byteOffset: input.fileOffset(input.start), recordType: type, expected: expected, found: found)
    }
}
