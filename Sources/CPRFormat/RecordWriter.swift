/// Builds one fixed-width record from field values, as CPR pads them (spec §3).
///
/// A fresh record holds its type in RECORDTYPE, zeros in numeric and date-time
/// fields (CPR's "none") and blanks everywhere else. Misuse (unknown field,
/// non-digits in a numeric field, a value that does not fit) is a programming
/// error and stops via precondition; messages never include the value.
public struct RecordWriter: Sendable {
    public let layout: RecordLayout
    /// Exactly `layout.length` Latin-1 bytes.
    public private(set) var bytes: [UInt8]

    /// The standard layout of `type`; the type must be in the layout table.
    public init(type: RecordType) {
        guard let layout = RecordLayouts.layout(for: type) else {
            preconditionFailure("no layout for record type \(type)")
        }
        self.init(layout: layout)
    }

    public init(layout: RecordLayout) {
        self.layout = layout
        bytes = [UInt8](repeating: space, count: layout.length)
        for field in layout.fields where field.kind == .numeric || field.kind == .dateTime {
            bytes.replaceSubrange(field.range, with: repeatElement(zero, count: field.length))
        }
        let code = Int(layout.type.code)
        bytes[0] = UInt8(code / 100) + zero
        bytes[1] = UInt8(code / 10 % 10) + zero
        bytes[2] = UInt8(code % 10) + zero
    }

    /// The record decoded as text (for tests and diagnostics).
    public var text: String { Latin1.decode(bytes) }

    /// Index of `name` in `layout.fields`; resolve once when writing many records.
    public func fieldIndex(_ name: String) -> Int {
        guard let index = layout.index(of: name) else {
            preconditionFailure("\(layout.name) has no field \(name)")
        }
        return index
    }

    public mutating func set(_ name: String, _ value: some StringProtocol) {
        set(field: fieldIndex(name), value)
    }

    /// Writes `value` by the field's kind:
    /// - alphanumeric, markers, ANNKOR: left-aligned, space-padded, truncated;
    ///   characters above U+00FF become `?`.
    /// - numeric: digits only, right-aligned, zero-filled; must fit.
    /// - date: blank (`""`) or exactly 10 characters (`YYYY-MM-DD`, `00` allowed).
    /// - dateTime: `""` for none (zeros) or exactly 12 digits.
    /// - pnr: blank (`""`) or exactly 10 digits.
    public mutating func set(field index: Int, _ value: some StringProtocol) {
        let field = layout.fields[index]
        let utf8 = value.utf8
        switch field.kind {
        case .alphanumeric, .uncertaintyMarker, .nameMarker, .annkor:
            writeText(value, at: field)
        case .numeric:
            precondition(utf8.count <= field.length && utf8.allSatisfy(isDigit),
                         "\(layout.name) \(field.name): numeric value must be at most \(field.length) digits")
            let pad = field.length - utf8.count
            bytes.replaceSubrange(field.offset..<(field.offset + pad), with: repeatElement(zero, count: pad))
            bytes.replaceSubrange((field.offset + pad)..<(field.offset + field.length), with: utf8)
        case .date:
            precondition(utf8.isEmpty || utf8.count == field.length,
                         "\(layout.name) \(field.name): date must be blank or YYYY-MM-DD")
            writeText(value, at: field)
        case .dateTime, .pnr:
            precondition(utf8.isEmpty || (utf8.count == field.length && utf8.allSatisfy(isDigit)),
                         "\(layout.name) \(field.name): must be blank or \(field.length) digits")
            if utf8.isEmpty {
                let filler = field.kind == .dateTime ? zero : space
                bytes.replaceSubrange(field.range, with: repeatElement(filler, count: field.length))
            } else {
                bytes.replaceSubrange(field.range, with: utf8)
            }
        }
    }

    /// A non-negative number into a numeric field, zero-filled; must fit.
    public mutating func set(_ name: String, _ value: Int) {
        let index = fieldIndex(name)
        let field = layout.fields[index]
        precondition(field.kind == .numeric, "\(layout.name) \(field.name) is not numeric")
        precondition(value >= 0, "\(layout.name) \(field.name): negative number")
        var v = value
        for i in stride(from: field.range.upperBound - 1, through: field.offset, by: -1) {
            bytes[i] = UInt8(v % 10) + zero
            v /= 10
        }
        precondition(v == 0, "\(layout.name) \(field.name): number wider than \(field.length) digits")
    }

    public mutating func set(_ name: String, _ pnr: PNR) {
        set(field: fieldIndex(name), pnr.digits)
    }

    /// Writes bytes verbatim, e.g. a blank date-time or a malformed value for a
    /// reader test. Must be exactly the field's length.
    public mutating func setRaw(field index: Int, _ raw: some Collection<UInt8>) {
        let field = layout.fields[index]
        precondition(raw.count == field.length, "\(layout.name) \(field.name): raw value must be \(field.length) bytes")
        bytes.replaceSubrange(field.range, with: raw)
    }

    private mutating func writeText(_ value: some StringProtocol, at field: FieldSpec) {
        var i = field.offset
        let end = field.offset + field.length
        for scalar in value.unicodeScalars {
            guard i < end else { break }
            bytes[i] = scalar.value <= 0xFF ? UInt8(truncatingIfNeeded: scalar.value) : question
            i += 1
        }
        while i < end {
            bytes[i] = space
            i += 1
        }
    }
}

// Start (000) and end (999) records (spec §2.4).
extension RecordWriter {
    /// 000: SORTFELT-10 `0000000000`, OPGAVENR, PRODDTO and PRODDTOFORRIG as YYYYMMDD.
    /// `proddtoForrig` nil writes `00000000` (no previous file).
    public static func startRecord(
        opgavenr: Int,
        proddto: (year: Int, month: Int, day: Int),
        proddtoForrig: (year: Int, month: Int, day: Int)?
    ) -> RecordWriter {
        var w = RecordWriter(type: .startRecord)
        w.set("SORTFELT-10", "0000000000")
        w.set("OPGAVENR", opgavenr)
        w.set("PRODDTO", yyyymmdd(proddto))
        w.set("PRODDTOFORRIG", proddtoForrig.map(yyyymmdd) ?? 0)
        return w
    }

    /// 999: SORTFELT-10 `9999999999`, TAELLER = records between 000 and 999.
    public static func endRecord(count: Int) -> RecordWriter {
        var w = RecordWriter(type: .endRecord)
        w.set("SORTFELT-10", "9999999999")
        w.set("TAELLER", count)
        return w
    }

    private static func yyyymmdd(_ date: (year: Int, month: Int, day: Int)) -> Int {
        precondition((1...9999).contains(date.year) && (1...12).contains(date.month) && (1...31).contains(date.day),
                     "production date out of range")
        return date.year * 10_000 + date.month * 100 + date.day
    }
}

private let space = UInt8(ascii: " ")
private let zero = UInt8(ascii: "0")
private let question = UInt8(ascii: "?")

@inline(__always)
private func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }
