/// How a field's characters are to be read and written (spec §3).
public enum FieldKind: Sendable, Hashable {
    /// Digits, right-aligned, zero-filled (`N` in the spec).
    case numeric
    /// Text, left-aligned, space-padded (`A` in the spec).
    case alphanumeric
    /// `YYYY-MM-DD`, 10 chars, blank when none; month/day `00` when unknown.
    case date
    /// `YYYYMMDDHHMM`, 12 digits, `000000000000` when none; minute `99` when unknown.
    case dateTime
    /// `*_UMRK`: blank = certain, `*` = uncertain.
    case uncertaintyMarker
    /// `*_MRK`: blank, `+`, `*` or `=`.
    case nameMarker
    /// Historical records: blank = valid, `A` annulled, `K` corrected, `Æ` technical change.
    case annkor
    /// 10-digit CPR number; blank or `0000000000` when none.
    case pnr
}

/// One field of a fixed-width record, positioned as CPR documents it.
public struct FieldSpec: Sendable, Hashable {
    /// CPR's own field name, e.g. "FORNVN", "START_DT-PERSON".
    public let name: String
    /// 1-based, inclusive (CPR's counting).
    public let start: Int
    public let length: Int
    public let kind: FieldKind

    public init(name: String, start: Int, length: Int, kind: FieldKind) {
        self.name = name
        self.start = start
        self.length = length
        self.kind = kind
    }

    init(_ name: String, _ start: Int, _ length: Int, _ kind: FieldKind) {
        self.init(name: name, start: start, length: length, kind: kind)
    }

    /// 1-based, inclusive last position.
    public var end: Int { start + length - 1 }
    /// 0-based byte offset into the record.
    public var offset: Int { start - 1 }
    /// 0-based byte range within the record.
    public var range: Range<Int> { offset..<(offset + length) }
}

/// The fixed-width layout of one record type: its length and ordered fields.
public struct RecordLayout: Sendable {
    public let type: RecordType
    /// CPR's record name, e.g. "P12170-001"; "P12170-002B" for the extended 002.
    public let name: String
    /// Full record length in bytes (before any trimming by line framing).
    public let length: Int
    /// Ordered by position; together they cover 1…length.
    public let fields: [FieldSpec]
    private let indexByName: [String: Int]

    public init(type: RecordType, name: String, length: Int, fields: [FieldSpec]) {
        self.type = type
        self.name = name
        self.length = length
        self.fields = fields
        var index: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            let previous = index.updateValue(i, forKey: f.name)
            precondition(previous == nil, "\(name): duplicate field \(f.name)")
        }
        indexByName = index
    }

    /// Position of the named field in `fields`; resolve once, then use the index in hot paths.
    public func index(of name: String) -> Int? { indexByName[name] }

    public func field(_ name: String) -> FieldSpec? {
        indexByName[name].map { fields[$0] }
    }
}
