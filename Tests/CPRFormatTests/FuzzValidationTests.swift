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
}
