/// A `RecordLayout` flattened for hot loops: plain (offset, length, kind) slots
/// and the list of fields the reader must check. One instance per layout lives
/// for the whole process, so records point at it without reference counting.
@usableFromInline
final class CompiledLayout: Sendable {
    @usableFromInline
    struct Slot: Sendable {
        @usableFromInline let offset: Int
        @usableFromInline let length: Int
        @usableFromInline let kind: FieldKind
    }

    /// A field with a checkable form; alphanumeric text is passed through unchecked.
    struct Check: Sendable {
        let field: Int
        let offset: Int
        let length: Int
        let kind: FieldKind
    }

    let layout: RecordLayout
    @usableFromInline let length: Int
    @usableFromInline let slots: [Slot]
    /// Positions 4–13 are a `.pnr` field: the record belongs to a person.
    @usableFromInline let hasOwnerPNR: Bool
    /// Every checkable field in layout order (the exact, slower check).
    let checks: [Check]
    /// The same checks as word probes, for the fast yes/no pass.
    let probes: FieldProbes

    init(_ layout: RecordLayout) {
        self.layout = layout
        length = layout.length
        slots = layout.fields.map { Slot(offset: $0.offset, length: $0.length, kind: $0.kind) }
        hasOwnerPNR = layout.fields.contains { $0.start == 4 && $0.length == 10 && $0.kind == .pnr }
        // RECORDTYPE (position 1) is checked when the type is read.
        checks = layout.fields.enumerated().compactMap { i, f in
            f.kind == .alphanumeric || f.start == 1
                ? nil : Check(field: i, offset: f.offset, length: f.length, kind: f.kind)
        }
        probes = FieldProbes(checks: checks, length: layout.length, name: layout.name)
    }

    deinit { probes.deallocate() }

    /// Index of the first field whose bytes break its kind's form; nil when all
    /// are well-formed. Bytes past the end of `record` (trimmed line) are blanks.
    func firstMalformedField(in record: UnsafeBufferPointer<UInt8>) -> Int? {
        acceptsQuickly(record) ? nil : exactFirstMalformedField(in: record)
    }

    /// The word-probe pass. A trimmed record is first padded with blanks on the
    /// stack, so the probes never read past the record.
    @inline(__always)
    func acceptsQuickly(_ record: UnsafeBufferPointer<UInt8>) -> Bool {
        if record.count >= length { return probes.accepts(record) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { padded in
            let n = record.count
            if n > 0 { _ = UnsafeMutableBufferPointer(rebasing: padded[0..<n]).initialize(from: record) }
            padded[n..<length].initialize(repeating: 0x20)
            return probes.accepts(UnsafeBufferPointer(padded))
        }
    }

    /// Field by field, byte by byte: the reference the probes must agree with.
    func exactFirstMalformedField(in record: UnsafeBufferPointer<UInt8>) -> Int? {
        for check in checks where !Self.isWellFormed(check.kind, record, check.offset, check.length) {
            return check.field
        }
        return nil
    }

    @inline(__always)
    private static func isWellFormed(_ kind: FieldKind, _ r: UnsafeBufferPointer<UInt8>, _ o: Int, _ n: Int) -> Bool {
        switch kind {
        case .numeric:
            return allDigits(r, o, n)
        case .pnr:
            return allDigits(r, o, n) || allBlank(r, o, n)
        case .dateTime:
            if allBlank(r, o, n) { return true }
            return n == 12 && allDigits(r, o, n) && isPlausibleDate(r, at: o, separator: 0)
                && isPlausibleTime(r, at: o + 8)
        case .date:
            if allBlank(r, o, n) { return true }
            return n == 10 && byte(r, o + 4) == dash && byte(r, o + 7) == dash
                && allDigits(r, o, 4) && allDigits(r, o + 5, 2) && allDigits(r, o + 8, 2)
                && isPlausibleDate(r, at: o, separator: 1)
        case .uncertaintyMarker:
            return n == 1 && Uncertainty(rawValue: byte(r, o)) != nil
        case .nameMarker:
            return n == 1 && NameMarker(rawValue: byte(r, o)) != nil
        case .annkor:
            return n == 1 && Annkor(rawValue: byte(r, o)) != nil
        case .alphanumeric:
            return true
        }
    }

    /// What a well-formed value of `field` looks like, for error messages.
    static func expectation(for field: FieldSpec) -> String {
        switch field.kind {
        case .numeric: "\(field.length) digits"
        case .pnr: "10 digits or blank"
        case .dateTime: "YYYYMMDDHHMM (a real date, 00 for unknown month or day; hour 00-23, minute 00-59 or 99) or blank"
        case .date: "YYYY-MM-DD (a real date, 00 for unknown month or day) or blank"
        case .uncertaintyMarker: "\" \" or \"*\""
        case .nameMarker: "\" \", \"+\", \"*\" or \"=\""
        case .annkor: "\" \", \"A\", \"K\" or \"Æ\""
        case .alphanumeric: "text"
        }
    }
}

private let dash = UInt8(ascii: "-")

@inline(__always)
private func byte(_ r: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8 {
    i < r.count ? r[i] : 0x20
}

@inline(__always)
private func allDigits(_ r: UnsafeBufferPointer<UInt8>, _ o: Int, _ n: Int) -> Bool {
    guard o + n <= r.count else { return false }  // a trimmed tail is blank, never digits
    var bad: UInt8 = 0
    for i in o..<(o + n) { bad |= (r[i] &- 0x30) > 9 ? 1 : 0 }
    return bad == 0
}

@inline(__always)
private func allBlank(_ r: UnsafeBufferPointer<UInt8>, _ o: Int, _ n: Int) -> Bool {
    var i = o
    let end = min(o + n, r.count)
    while i < end {
        if r[i] != 0x20 { return false }
        i += 1
    }
    return true
}

/// Every layout compiled once; looked up by type code in one array access.
@usableFromInline
enum CompiledLayouts {
    /// Index = type code 0…999; the standard (306) 002.
    static let standard: [CompiledLayout?] = {
        var table = [CompiledLayout?](repeating: nil, count: 1000)
        for layout in RecordLayouts.all where table[Int(layout.type.code)] == nil {
            table[Int(layout.type.code)] = CompiledLayout(layout)
        }
        return table
    }()

    /// The 382-byte 002 with VEJNVN and ADRESSE_UUID.
    static let currentAddressExtended = CompiledLayout(RecordLayouts.currentAddressExtended)

    @inline(__always)
    static func standard(_ code: UInt16) -> CompiledLayout? {
        standard[Int(code)]
    }

    /// `standard` again as a plain pointer table: the reader looks a layout up
    /// for every record, and the layouts are never freed, so no reference counting.
    nonisolated(unsafe) private static let unmanaged: UnsafeMutablePointer<Unmanaged<CompiledLayout>?> = {
        let table = UnsafeMutablePointer<Unmanaged<CompiledLayout>?>.allocate(capacity: 1000)
        for code in 0..<1000 {
            table[code] = standard[code].map { Unmanaged.passUnretained($0) }
        }
        return table
    }()

    @inline(__always)
    static func unmanagedStandard(_ code: UInt16) -> Unmanaged<CompiledLayout>? {
        unmanaged[Int(code)]
    }

    /// The layout for a line of `length` bytes (line framing): the standard one,
    /// or the extended 002 when the line is longer than 306. nil if too long.
    static func fitting(_ code: UInt16, length: Int) -> Unmanaged<CompiledLayout>? {
        guard let s = unmanagedStandard(code) else { return nil }
        if length <= s._withUnsafeGuaranteedRef({ $0.length }) { return s }
        if code == RecordType.currentAddress.code && length <= currentAddressExtended.length {
            return Unmanaged.passUnretained(currentAddressExtended)
        }
        return nil
    }

    /// The longest layout length of `code` (382 for 002).
    static func maxLength(_ code: UInt16) -> Int {
        code == RecordType.currentAddress.code ? currentAddressExtended.length : standard(code)?.length ?? 0
    }
}
