@testable import CPRFormat
import Testing

/// The fast word-probe check and the exact per-field check must accept exactly
/// the same records, for every layout, whatever the bytes.
@Suite struct FuzzValidationTests {
    typealias F = ReaderFixtures

    private func agree(_ compiled: CompiledLayout, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { r in
            compiled.acceptsQuickly(r) == (compiled.exactFirstMalformedField(in: r) == nil)
        }
    }

    @Test func probesAgreeWithTheExactCheck() {
        var rng = FuzzReaderTests.SeededGenerator(state: 99)
        // Bytes that sit on the edges of what the checks accept.
        let edgy = F.bytes("0123456789 -*+=AKÆ/:") + [0x00, 0x2F, 0x3A, 0x40, 0x46, 0xC6, 0xFF]
        var compiled = RecordLayouts.all.map { CompiledLayout($0) }
        compiled.append(CompiledLayouts.currentAddressExtended)
        var disagreements: [String] = []
        for c in compiled {
            let good = c.layout.type == .startRecord || c.layout.type == .endRecord
                ? [UInt8](repeating: 0x30, count: c.length) : F.record(c.layout).bytes
            #expect(agree(c, good))
            #expect(good.withUnsafeBufferPointer { c.exactFirstMalformedField(in: $0) } == nil, "\(c.layout.name)")
            for round in 0..<400 {
                var bytes = good
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let field = c.layout.fields.randomElement(using: &rng)!
                    let i = field.offset + Int.random(in: 0..<field.length, using: &rng)
                    bytes[i] = round % 3 == 0 ? UInt8.random(in: 0...255, using: &rng) : edgy.randomElement(using: &rng)!
                }
                if round % 5 == 0 {  // a whole optional field blank, or blank but one byte
                    if let field = c.layout.fields.filter({ [.pnr, .date, .dateTime].contains($0.kind) })
                        .randomElement(using: &rng) {
                        for i in field.range { bytes[i] = 0x20 }
                        if round % 10 == 0 { bytes[field.offset + Int.random(in: 0..<field.length, using: &rng)] = 0x30 }
                    }
                }
                // Also trimmed, as line framing delivers it.
                let cut = Int.random(in: 3...bytes.count, using: &rng)
                for candidate in [bytes, Array(bytes.prefix(cut))] where !agree(c, candidate) {
                    disagreements.append("\(c.layout.name): \(Latin1.decode(candidate))")
                }
            }
        }
        let count = disagreements.count
        #expect(count == 0, "first: \(disagreements.prefix(3).map { String($0.prefix(120)) })")
    }

    /// Dates and date-times on the calendar's edges (month and day lengths, leap
    /// years, partial dates, hour and minute limits): probes and exact check agree
    /// for every date field of every layout, full length and trimmed.
    @Test func calendarEdgesAgree() {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var dates: [String] = []
        var dateTimes: [String] = []
        for year in ["1900", "1991", "1992", "2000"] {
            for month in 0...13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    dates.append("\(year)-\(two(month))-\(two(day))")
                    dateTimes.append("\(year)\(two(month))\(two(day))1200")
                }
            }
        }
        for (hour, minute) in [(0, 0), (23, 59), (24, 0), (29, 0), (30, 0), (12, 60), (12, 69), (12, 70), (12, 98), (12, 99)] {
            dateTimes.append("20240229\(two(hour))\(two(minute))")
        }
        var disagreements: [String] = []
        var compiled = RecordLayouts.all.map { CompiledLayout($0) }
        compiled.append(CompiledLayouts.currentAddressExtended)
        for c in compiled {
            let good = F.record(c.layout).bytes
            for f in c.layout.fields where f.kind == .date || f.kind == .dateTime {
                for value in f.kind == .date ? dates : dateTimes {
                    var bytes = good
                    bytes.replaceSubrange(f.range, with: F.bytes(value))
                    for candidate in [bytes, Array(bytes.prefix(f.offset + f.length))] where !agree(c, candidate) {
                        disagreements.append("\(c.layout.name) \(f.name) \(value)")
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count), first: \(disagreements.prefix(5))")
    }

    /// The vector and word control-byte scan finds exactly the first byte a plain
    /// loop finds: every byte value at every position of buffers up to 40 bytes
    /// (bytes, words, one and two vectors, overlapping tails), then long ones.
    @Test func controlByteScanAgreesWithAByteLoop() {
        var rng = FuzzReaderTests.SeededGenerator(state: 31)
        func naive(_ b: [UInt8]) -> Int? { b.firstIndex { $0 < 0x20 || $0 == 0x7F } }
        var wrong: [String] = []
        for length in 0...40 {
            // Around the byte, anything that is not a control byte: ASCII, Latin-1, C1.
            let clean = (0..<length).map { _ in
                UInt8.random(in: 0x20...0xFF, using: &rng) | (Bool.random(using: &rng) ? 0 : 0x80)
            }.map { $0 == 0x7F ? 0x20 : $0 }
            for p in 0..<length {
                for value in 0...255 {
                    var b = clean
                    b[p] = UInt8(value)
                    let got = b.withUnsafeBufferPointer { firstControlByte(in: $0) }
                    if got != naive(b) { wrong.append("length \(length), 0x\(String(value, radix: 16)) at \(p)") }
                }
            }
        }
        for _ in 0..<2000 {  // several bad bytes, long buffers, any byte values
            let length = Int.random(in: 0...400, using: &rng)
            var b = (0..<length).map { _ in UInt8.random(in: 0x20...0xFF, using: &rng) }
            for _ in 0..<Int.random(in: 0...3, using: &rng) where length > 0 {
                b[Int.random(in: 0..<length, using: &rng)] = [0x00, 0x0A, 0x1F, 0x7F].randomElement(using: &rng)!
            }
            let got = b.withUnsafeBufferPointer { firstControlByte(in: $0) }
            if got != naive(b) { wrong.append("random length \(length)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count), first: \(wrong.prefix(5))")
    }
}
