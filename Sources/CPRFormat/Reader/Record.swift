/// One record as read from a CPR file. Cheap to create: the bytes are a slice of
/// the reader's chunk and nothing is decoded until an accessor asks.
///
/// Every record a `RecordReader` returns has been checked against its layout, so
/// the typed accessors never meet malformed digits or unknown markers.
///
/// The bytes share the reader's chunk (1 MiB by default): a record kept after
/// the loop keeps its whole chunk alive. To keep many records, keep
/// `detached()` copies (or just the decoded values).
public struct Record: Sendable {
    public let type: RecordType
    /// 1-based position in the file; 000 is record 1.
    public let number: Int
    /// Byte offset of the record's first byte in the file.
    public let offset: Int
    /// The record without line terminator. In line framing this may be shorter
    /// than `layout.length` (trailing blanks trimmed): use the field accessors,
    /// which read missing bytes as blanks.
    public let bytes: ArraySlice<UInt8>
    /// Compiled layouts live as long as the process: no reference counting needed.
    @usableFromInline unowned(unsafe) let compiled: CompiledLayout

    @usableFromInline
    init(type: RecordType, compiled: CompiledLayout, number: Int, offset: Int, bytes: ArraySlice<UInt8>) {
        self.type = type
        self.compiled = compiled
        self.number = number
        self.offset = offset
        self.bytes = bytes
    }

    /// From the reader's layout table, without touching reference counts.
    init(type: RecordType, compiled: Unmanaged<CompiledLayout>, number: Int, offset: Int, bytes: ArraySlice<UInt8>) {
        self.type = type
        self.compiled = compiled.takeUnretainedValue()
        self.number = number
        self.offset = offset
        self.bytes = bytes
    }

    /// The layout the bytes were read with (for 002 the 306- or the 382-byte one).
    public var layout: RecordLayout { compiled.layout }

    /// The full-length record with trimmed blanks restored (allocates).
    public var paddedBytes: [UInt8] {
        var out = Array(bytes)
        if out.count < compiled.length {
            out.append(contentsOf: repeatElement(0x20, count: compiled.length - out.count))
        }
        return out
    }

    /// The same record with its own copy of the bytes, so it no longer pins the reader's chunk.
    public func detached() -> Record {
        Record(type: type, compiled: compiled, number: number, offset: offset, bytes: ArraySlice(Array(bytes)))
    }

    /// Index of `name` in `layout.fields`; resolve once, outside the loop.
    public func fieldIndex(_ name: String) -> Int? { compiled.layout.index(of: name) }
}

// MARK: Accessors by field index (hot path)

extension Record {
    /// The field's bytes, exactly its length; trimmed bytes read as blanks.
    @inlinable
    public func bytes(_ field: Int) -> FieldBytes {
        let s = compiled.slots[field]
        let lo = bytes.startIndex &+ Swift.min(s.offset, bytes.count)
        let hi = bytes.startIndex &+ Swift.min(s.offset &+ s.length, bytes.count)
        return FieldBytes(present: bytes[lo..<hi], count: s.length)
    }

    /// All blanks (including a field trimmed away in line framing).
    @inlinable
    public func isBlank(_ field: Int) -> Bool {
        bytes(field).present.allSatisfy { $0 == 0x20 }
    }

    /// Latin-1 decoded, trailing blanks trimmed. Allocates only for non-empty text.
    @inlinable
    public func text(_ field: Int) -> String {
        let present = bytes(field).present
        return present.withUnsafeBufferPointer { buf in
            var end = buf.count
            while end > 0 && buf[end &- 1] == 0x20 { end &-= 1 }
            return Latin1.decode(buffer: UnsafeBufferPointer(rebasing: buf[0..<end]))
        }
    }

    /// The characters exactly as written, padding included: numeric codes
    /// keep their leading zeros ("0101").
    @inlinable
    public func code(_ field: Int) -> String {
        Latin1.decode(Array(bytes(field)))
    }

    /// A numeric field's value; nil unless every byte is a digit.
    @inlinable
    public func int(_ field: Int) -> Int? {
        let b = bytes(field)
        guard !b.isPadded else { return nil }
        var v = 0
        for byte in b.present {
            let d = byte &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
        }
        return v
    }

    /// nil for blank or `0000000000` (CPR's "no PNR").
    @inlinable
    public func pnr(_ field: Int) -> PNR? {
        let b = bytes(field)
        guard !b.isPadded, let p = PNR(bytes: b.present), !p.isNone else { return nil }
        return p
    }

    /// nil for blank or `0000-00-00`.
    @inlinable
    public func date(_ field: Int) -> CPRDate? {
        CPRDate(field: bytes(field))
    }

    /// nil for blank or `000000000000`.
    @inlinable
    public func dateTime(_ field: Int) -> CPRDateTime? {
        CPRDateTime(field: bytes(field))
    }

    /// Blank (or anything but `*`, which the reader never lets through) is certain.
    @inlinable
    public func uncertainty(_ field: Int) -> Uncertainty {
        Uncertainty(rawValue: bytes(field).first ?? 0x20) ?? .certain
    }

    @inlinable
    public func nameMarker(_ field: Int) -> NameMarker {
        NameMarker(rawValue: bytes(field).first ?? 0x20) ?? .none
    }

    @inlinable
    public func annkor(_ field: Int) -> Annkor {
        Annkor(rawValue: bytes(field).first ?? 0x20) ?? .valid
    }

    /// The record's person (positions 4–13) for person records; nil for 000,
    /// 999 and 910, whose positions 4–13 are a sort field.
    @inlinable
    public var ownerPNR: PNR? {
        guard compiled.hasOwnerPNR else { return nil }
        guard bytes.count >= 13, let p = PNR(bytes: bytes[(bytes.startIndex &+ 3)..<(bytes.startIndex &+ 13)]),
              !p.isNone
        else { return nil }
        return p
    }

    /// The field decoded by its kind.
    public func value(_ field: Int) -> FieldValue {
        switch compiled.slots[field].kind {
        case .alphanumeric: .text(text(field))
        case .numeric: .code(code(field))
        case .date: .date(date(field))
        case .dateTime: .dateTime(dateTime(field))
        case .uncertaintyMarker: .uncertainty(uncertainty(field))
        case .nameMarker: .nameMarker(nameMarker(field))
        case .annkor: .annkor(annkor(field))
        case .pnr: .pnr(pnr(field))
        }
    }
}

// MARK: Convenience by field name (resolves the name on every call)

extension Record {
    /// nil when the layout has no field of that name.
    public func value(_ name: String) -> FieldValue? { fieldIndex(name).map(value) }
    /// nil when the layout has no field of that name.
    public func text(_ name: String) -> String? { fieldIndex(name).map(text) }
    /// nil when the layout has no field of that name.
    public func code(_ name: String) -> String? { fieldIndex(name).map(code) }
    /// nil when the layout has no such field, or the PNR is blank/0000000000.
    public func pnr(_ name: String) -> PNR? { fieldIndex(name).flatMap(pnr) }
    /// nil when the layout has no such field, or the date is blank/zero.
    public func date(_ name: String) -> CPRDate? { fieldIndex(name).flatMap(date) }
    /// nil when the layout has no such field, or the date-time is blank/zero.
    public func dateTime(_ name: String) -> CPRDateTime? { fieldIndex(name).flatMap(dateTime) }
    public func uncertainty(_ name: String) -> Uncertainty? { fieldIndex(name).map(uncertainty) }
    public func nameMarker(_ name: String) -> NameMarker? { fieldIndex(name).map(nameMarker) }
    public func annkor(_ name: String) -> Annkor? { fieldIndex(name).map(annkor) }
    public func isBlank(_ name: String) -> Bool? { fieldIndex(name).map(isBlank) }
    public func int(_ name: String) -> Int? { fieldIndex(name).flatMap(int) }
}

extension Record: CustomStringConvertible {
    /// Where the record is, never its content (records hold personal data).
    public var description: String { "record \(number) at byte \(offset) (type \(type))" }
}
