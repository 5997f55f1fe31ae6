/// Why a CPR file was rejected, with everything a human needs to find the spot:
/// file, record number, byte offset, record type, field, expected and found.
public struct CPRFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable categories, for tests and for callers that react differently.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The source could not be opened or read.
        case io
        /// The first record is not 000 (or the input is empty).
        case missingStartRecord
        /// A second 000 after the first record.
        case duplicateStartRecord
        /// A record type not in the layout table, or not 3 digits.
        case unknownRecordType
        /// Input ends inside a record (fixed framing), or a line too short for a type.
        case recordCutShort
        /// A line longer than its record layout.
        case lineTooLong
        /// A field breaks the form of its kind (digits, date, PNR, marker).
        case badField
        /// A byte below 0x20, or 0x7F, inside a record (line terminators are not
        /// part of a record). `byteOffset` is that byte's offset.
        case controlByte
        /// 999's TAELLER differs from the number of records between 000 and 999.
        case countMismatch
        /// Input ends without the 999 end record.
        case truncated
        /// Something other than whitespace after the 999 end record.
        case dataAfterEnd
    }

    public let kind: Kind
    /// The display name the reader was given, e.g. "D240101.txt".
    public let fileName: String
    /// 1-based; 000 is record 1. nil for I/O errors before any record.
    public let recordNumber: Int?
    /// Byte offset in the file of the record's first byte (or of the offending byte
    /// for `controlByte` and for errors outside a record, such as data after 999).
    public let byteOffset: Int?
    public let recordType: RecordType?
    /// CPR's field name when one field is at fault.
    public let fieldName: String?
    public let expected: String
    /// Printable rendering of what was there: quoted and escaped bytes (at most
    /// ~40 characters), or a phrase such as `end of input`. Never a CPR number:
    /// person fields are described (`"x" at position 6 of 10`, `month 13`), not quoted.
    public let found: String

    public init(
        kind: Kind, fileName: String, recordNumber: Int?, byteOffset: Int?,
        recordType: RecordType? = nil, fieldName: String? = nil, expected: String, found: String
    ) {
        self.kind = kind
        self.fileName = fileName
        self.recordNumber = recordNumber
        self.byteOffset = byteOffset
        self.recordType = recordType
        self.fieldName = fieldName
        self.expected = expected
        self.found = found
    }

    /// One line: `D240101.txt: record 17 at byte 2311 (type 002), field KOMKOD: expected 4 digits, found "08a1"`.
    public var description: String {
        var s = fileName + ":"
        var place: [String] = []
        switch (recordNumber, byteOffset) {
        case let (n?, o?): place.append("record \(n) at byte \(o)")
        case let (n?, nil): place.append("record \(n)")
        case let (nil, o?): place.append("byte \(o)")
        case (nil, nil): break
        }
        if let recordType {
            if place.isEmpty { place.append("type \(recordType)") } else { place[0] += " (type \(recordType))" }
        }
        if let fieldName { place.append("field \(fieldName)") }
        if !place.isEmpty { s += " " + place.joined(separator: ", ") + ":" }
        return s + " expected \(expected), found \(found)"
    }
}

/// Renders bytes for an error message: Latin-1 printable characters as they are,
/// everything else escaped (`\n`, `\x00`), quoted; at most 40 characters in all.
func quotedForMessage(_ bytes: some Collection<UInt8>, limit: Int = 37) -> String {
    var out = "\""
    var width = 0
    for b in bytes {
        let piece: String
        switch b {
        case UInt8(ascii: "\""): piece = "\\\""
        case UInt8(ascii: "\\"): piece = "\\\\"
        case 0x0A: piece = "\\n"
        case 0x0D: piece = "\\r"
        case 0x09: piece = "\\t"
        case 0x20...0x7E, 0xA1...0xFF: piece = String(Character(Unicode.Scalar(b)))
        default: piece = "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
        }
        if width + piece.count > limit {
            return out + "\"…"
        }
        out += piece
        width += piece.count
    }
    return out + "\""
}
