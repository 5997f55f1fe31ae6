/// The layout table: every record type of spec §5, looked up by type code.
public enum RecordLayouts {
    /// Every layout ordered by type; the extended 002 directly follows the standard 002.
    public static let all: [RecordLayout] = [
        r000, r001, r002, currentAddressExtended, r003, r004, r005, r006, r007, r008, r009,
        r010, r011, r012, r013, r014, r015, r016, r017, r018, r019, r020, r021,
        r022, r023, r024, r025, r026, r027, r028, r029, r030, r031, r032, r033,
        r050, r052, r099, r910, r997, r999,
    ]

    /// The longest record of any layout; a reader's line buffer never needs more.
    public static let maxLength: Int = all.reduce(0) { max($0, $1.length) }

    /// Indexed by type code (0…999) so a lookup is one array access.
    private static let standardByCode: [RecordLayout?] = {
        var table = [RecordLayout?](repeating: nil, count: 1000)
        for layout in all where table[Int(layout.type.code)] == nil {
            table[Int(layout.type.code)] = layout
        }
        return table
    }()

    /// The standard layout of `type` (for 002 the 306-char one); nil for unknown types.
    @inline(__always)
    public static func layout(for type: RecordType) -> RecordLayout? {
        standardByCode[Int(type.code)]
    }

    /// All layouts of `type`, shortest first (two for 002, otherwise at most one).
    public static func variants(of type: RecordType) -> [RecordLayout] {
        all.filter { $0.type == type }
    }

    /// The shortest layout of `type` that can hold `length` bytes: for line framing,
    /// where trailing blanks are trimmed, this picks the extended 002 only when the
    /// line is longer than 306. nil when the type is unknown or the line too long.
    public static func layout(for type: RecordType, fitting length: Int) -> RecordLayout? {
        guard let standard = layout(for: type) else { return nil }
        if length <= standard.length { return standard }
        return all.first { $0.type == type && length <= $0.length }
    }
}
