/// The reader's fast yes/no check of a record's fields, eight bytes at a time.
///
/// Every checkable field becomes one or two 8-byte windows ("probes") with masks
/// saying which bytes must be digits and which dashes; a window is checked with
/// a few word operations (SWAR) instead of a loop over bytes. PNR, date and
/// date-time fields may instead be all blank. When this says no, the exact
/// per-field check (`CompiledLayout.exactFirstMalformedField`) finds the field;
/// both accept exactly the same records (tested).
struct FieldProbes: @unchecked Sendable {  // immutable after init
    struct Probe: Sendable {
        /// Byte offset of the 8-byte window in the record.
        let at: Int
        /// 0xFF in every byte of the window that must be a digit.
        let digits: UInt64
        /// 0xFF in every byte of the window that must be '-'.
        let dashes: UInt64

        /// Digits where `digits` says, dashes where `dashes` says.
        @inline(__always)
        func matches(_ x: UInt64) -> Bool {
            guard x & dashes == dashWord & dashes else { return false }
            // Bytes not under the mask become '0'; then every byte must be 0x30…0x39:
            // high nibble 3, and still 3 after adding 6 (0x3A…0x3F would carry to 4).
            let y = (x & digits) | (zeroWord & ~digits)
            return y & highNibbles == zeroWord && (y &+ sixWord) & highNibbles == zeroWord
        }

        /// Every byte of the field in this window is a blank.
        @inline(__always)
        func isBlank(_ x: UInt64) -> Bool {
            let field = digits | dashes
            return x & field == blankWord & field
        }
    }

    /// A PNR, date or date-time: well-formed, or all blank.
    struct OptionalField: Sendable {
        let first: Probe
        let last: Probe
        /// Offset of the date part (`YYYY-MM-DD` or `YYYYMMDD`) to check against
        /// the calendar; -1 for a PNR.
        let date: Int
        /// Width of the date part's separators: 1 for `YYYY-MM-DD`, 0 for `YYYYMMDD`.
        let dateSeparator: Int
        /// Offset of a date-time's `HHMM` to range-check; -1 for a PNR or a date.
        let time: Int
    }

    /// A one-byte marker and the set of bytes it allows (256 bits).
    struct Marker: Sendable {
        let offset: Int
        let allowed: (UInt64, UInt64, UInt64, UInt64)

        init(offset: Int, allowing bytes: [UInt8]) {
            self.offset = offset
            var w: [UInt64] = [0, 0, 0, 0]
            for b in bytes { w[Int(b >> 6)] |= 1 << (b & 63) }
            allowed = (w[0], w[1], w[2], w[3])
        }

        @inline(__always)
        func allows(_ b: UInt8) -> Bool {
            let word: UInt64
            switch b >> 6 {
            case 0: word = allowed.0
            case 1: word = allowed.1
            case 2: word = allowed.2
            default: word = allowed.3
            }
            return word >> (b & 63) & 1 != 0
        }
    }

    // Plain buffers rather than arrays: read for every record, so no reference
    // counting. Allocated once per layout; `deallocate()` frees them.
    /// Numeric fields: must be digits.
    private let required: UnsafeBufferPointer<Probe>
    private let optional: UnsafeBufferPointer<OptionalField>
    private let markers: UnsafeBufferPointer<Marker>

    /// `checks` of a layout of `length` bytes (at least 8, as every CPR record is).
    init(checks: [CompiledLayout.Check], length: Int, name: String) {
        precondition(length >= 8, "\(name): records under 8 bytes cannot be probed")
        // The window holding bytes o..<o+n (n ≤ 8) inside the record, and the masks' byte shift.
        func window(_ o: Int, _ n: Int) -> (at: Int, mask: UInt64) {
            let at = Swift.max(0, Swift.min(o, length - 8))
            let mask = (n == 8 ? ~0 : (UInt64(1) << (8 * n)) - 1) << (8 * (o - at))
            return (at, mask)
        }
        func probe(_ o: Int, _ n: Int, dashAt dashOffsets: [Int] = []) -> Probe {
            let (at, mask) = window(o, n)
            var dashes: UInt64 = 0
            for d in dashOffsets where d >= at && d < at + 8 { dashes |= 0xFF << (8 * (d - at)) }
            dashes &= mask
            return Probe(at: at, digits: mask & ~dashes, dashes: dashes)
        }
        var required: [Probe] = []
        var optional: [OptionalField] = []
        var markers: [Marker] = []
        for c in checks {
            switch (c.kind, c.length) {
            case (.numeric, _):
                var s = c.offset
                while s < c.offset + c.length {
                    let n = Swift.min(8, c.offset + c.length - s)
                    required.append(probe(s, n))
                    s += n
                }
            case (.pnr, 10):
                optional.append(OptionalField(first: probe(c.offset, 8), last: probe(c.offset + 2, 8),
                                              date: -1, dateSeparator: 0, time: -1))
            case (.dateTime, 12):
                optional.append(OptionalField(first: probe(c.offset, 8), last: probe(c.offset + 4, 8),
                                              date: c.offset, dateSeparator: 0, time: c.offset + 8))
            case (.date, 10):
                let dashes = [c.offset + 4, c.offset + 7]
                optional.append(OptionalField(first: probe(c.offset, 8, dashAt: dashes),
                                              last: probe(c.offset + 2, 8, dashAt: dashes),
                                              date: c.offset, dateSeparator: 1, time: -1))
            case (.uncertaintyMarker, 1):
                markers.append(Marker(offset: c.offset, allowing: Uncertainty.allCases.map(\.rawValue)))
            case (.nameMarker, 1):
                markers.append(Marker(offset: c.offset, allowing: NameMarker.allCases.map(\.rawValue)))
            case (.annkor, 1):
                markers.append(Marker(offset: c.offset, allowing: Annkor.allCases.map(\.rawValue)))
            default: preconditionFailure("\(name): no fast check for field \(c.field)")
            }
        }
        self.required = Self.copy(required)
        self.optional = Self.copy(optional)
        self.markers = Self.copy(markers)
    }

    private static func copy<T>(_ items: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: items.count)
        _ = buffer.initialize(from: items)
        return UnsafeBufferPointer(buffer)
    }

    /// Frees the buffers; the probes must not be used afterwards.
    func deallocate() {
        required.deallocate()
        optional.deallocate()
        markers.deallocate()
    }

    /// True when every checkable field is well-formed; `r` holds at least the layout's length.
    func accepts(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
        let base = UnsafeRawPointer(r.baseAddress!)
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        for p in required where !p.matches(word(p.at)) {
            return false
        }
        for f in optional {
            let a = word(f.first.at), b = word(f.last.at)
            if f.first.isBlank(a) && f.last.isBlank(b) { continue }
            guard f.first.matches(a), f.last.matches(b) else { return false }
            if f.date >= 0 && !isPlausibleDate(r, at: f.date, separator: f.dateSeparator) { return false }
            if f.time >= 0 && !isPlausibleTime(r, at: f.time) { return false }
        }
        for m in markers where !m.allows(r[m.offset]) {
            return false
        }
        return true
    }
}

private let zeroWord: UInt64 = 0x3030_3030_3030_3030
private let sixWord: UInt64 = 0x0606_0606_0606_0606
private let blankWord: UInt64 = 0x2020_2020_2020_2020
private let dashWord: UInt64 = 0x2D2D_2D2D_2D2D_2D2D
private let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0

/// Two ASCII digits at `i` as one big-endian 16-bit number, so "12" is 0x3132
/// and comparing it with another such pair compares the numbers they spell.
@inline(__always)
private func digitPair(_ r: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt16 {
    UInt16(r[i]) &<< 8 | UInt16(r[i &+ 1])
}

@inline(__always)
private func twoDigits(_ r: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    Int(r[i] &- 0x30) &* 10 &+ Int(r[i &+ 1] &- 0x30)
}

/// The date part at `o` (`YYYY-MM-DD` with `separator` 1, `YYYYMMDD` with 0) is
/// one CPR may write: month ≤ 12, a known day exists in a known month (leap
/// years counted), `00` for unknown month or day. Digits already checked.
@inline(__always)
func isPlausibleDate(_ r: UnsafeBufferPointer<UInt8>, at o: Int, separator: Int) -> Bool {
    let m = o &+ 4 &+ separator
    let d = o &+ 6 &+ 2 &* separator
    if digitPair(r, m) > 0x3132 { return false }  // month above "12"
    if digitPair(r, d) <= 0x3238 { return true }  // day up to "28": every month has it; no need for the year
    let year = twoDigits(r, o) &* 100 &+ twoDigits(r, o &+ 2)
    return Gregorian.isPlausibleCPRDate(year: year, month: twoDigits(r, m), day: twoDigits(r, d))
}

/// `HHMM` at `o`: hour 00…23, minute 00…59 or 99 (time unknown). Digits already checked.
@inline(__always)
func isPlausibleTime(_ r: UnsafeBufferPointer<UInt8>, at o: Int) -> Bool {
    let minute = digitPair(r, o &+ 2)
    return digitPair(r, o) <= 0x3233 && (minute <= 0x3539 || minute == 0x3939)
}
