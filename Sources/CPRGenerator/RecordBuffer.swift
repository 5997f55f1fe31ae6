import CPRFormat

/// Where one field sits in its record, resolved once from CPRFormat's layout table.
struct Slot: Sendable {
    let offset: Int
    let length: Int

    init(_ type: RecordType, _ name: String) {
        guard let layout = RecordLayouts.layout(for: type), let field = layout.field(name) else {
            preconditionFailure("no field \(name) in record type \(type)")
        }
        offset = field.offset
        length = field.length
    }
}

/// One record being built, for the hot path: starts as `RecordWriter`'s blank record
/// of the type (zeros in numeric fields, blanks elsewhere) and writes values by their
/// kind straight into the bytes, without intermediate strings. Same padding rules as
/// `RecordWriter`; `RecordBufferTests` checks the two agree.
struct RecordBuffer {
    private(set) var bytes: [UInt8]

    private static let blanks: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 1000)
        for layout in RecordLayouts.all where table[Int(layout.type.code)].isEmpty {
            table[Int(layout.type.code)] = RecordWriter(layout: layout).bytes
        }
        return table
    }()

    private static let ownerSlot = Slot(.personInformation, "PNR")  // positions 4–13 in every person record

    /// A blank record of `type` owned by `pnr`.
    init(_ type: RecordType, _ pnr: PNR) {
        bytes = RecordBuffer.blanks[Int(type.code)]
        precondition(!bytes.isEmpty, "no layout for record type \(type)")
        self.pnr(RecordBuffer.ownerSlot, pnr)
    }

    /// Text: left-aligned, blank-padded, truncated; characters above U+00FF become `?`.
    mutating func text(_ slot: Slot, _ value: String) {
        bytes.withUnsafeMutableBufferPointer { b in
            var i = slot.offset
            let end = slot.offset + slot.length
            for scalar in value.unicodeScalars {
                guard i < end else { break }
                b[i] = scalar.value <= 0xFF ? UInt8(truncatingIfNeeded: scalar.value) : UInt8(ascii: "?")
                i += 1
            }
            while i < end {
                b[i] = 0x20
                i += 1
            }
        }
    }

    /// A non-negative number, right-aligned and zero-filled; must fit.
    mutating func number(_ slot: Slot, _ value: Int) {
        precondition(value >= 0 && slot.offset + slot.length <= bytes.count, "negative number or field outside the record")
        var v = value
        bytes.withUnsafeMutableBufferPointer { b in
            var i = slot.offset + slot.length
            while i > slot.offset {
                i -= 1
                b[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            }
        }
        precondition(v == 0, "number wider than its field")
    }

    mutating func pnr(_ slot: Slot, _ value: PNR) {
        number(Slot(offset: slot.offset, length: 10), Int(value.value))
    }

    /// `YYYY-MM-DD`.
    mutating func date(_ slot: Slot, _ day: Day) {
        let (y, m, d) = day.ymd
        number(Slot(offset: slot.offset, length: 4), y)
        bytes[slot.offset + 4] = UInt8(ascii: "-")
        number(Slot(offset: slot.offset + 5, length: 2), m)
        bytes[slot.offset + 7] = UInt8(ascii: "-")
        number(Slot(offset: slot.offset + 8, length: 2), d)
    }

    /// `YYYYMMDDHHMM`.
    mutating func stamp(_ slot: Slot, _ day: Day, minuteOfDay: Int = 0) {
        let (y, m, d) = day.ymd
        number(Slot(offset: slot.offset, length: 8), y * 10_000 + m * 100 + d)
        number(Slot(offset: slot.offset + 8, length: 4), minuteOfDay / 60 * 100 + minuteOfDay % 60)
    }
}

extension Slot {
    fileprivate init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}
