import CPRFormat
import Testing

@Suite struct Latin1Tests {
    @Test func danishLettersRoundTrip() throws {
        let text = "æøåÆØÅéü"
        let bytes = try Latin1.encode(text)
        #expect(bytes == [0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5, 0xE9, 0xFC])
        #expect(Latin1.decode(bytes) == text)
    }

    @Test func everyByteRoundTrips() throws {
        let all = (0...255).map { UInt8($0) }
        let text = Latin1.decode(all)
        #expect(text.unicodeScalars.map(\.value) == (0...255).map { UInt32($0) })
        #expect(try Latin1.encode(text) == all)
    }

    @Test func asciiFastPath() {
        let bytes = Array("0010101965058 Jens Hansen".utf8)
        #expect(Latin1.decode(bytes) == "0010101965058 Jens Hansen")
        #expect(Latin1.decode([UInt8]()) == "")
    }

    @Test func decodesSlicesAndNonContiguousCollections() {
        let record: [UInt8] = Array("008xx".utf8) + [0x53, 0xF8, 0x72, 0x65, 0x6E] + Array("   ".utf8)
        #expect(Latin1.decode(record[5..<10]) == "Søren")
        #expect(Latin1.decode(record[5..<10].lazy.map { $0 }) == "Søren")  // not contiguous
    }

    @Test func decodedStringIsValidUTF8() {
        let text = Latin1.decode([0xC6, 0x41])
        #expect(text == "ÆA")
        #expect(Array(text.utf8) == [0xC3, 0x86, 0x41])
    }

    @Test func encodeFailsAboveLatin1() {
        #expect(throws: Latin1.UnencodableCharacter.self) { try Latin1.encode("Ω") }
        do {
            _ = try Latin1.encode("abc€d")
            Issue.record("expected a throw")
        } catch {
            #expect(error.scalar == "€")
            #expect(error.scalarOffset == 3)
        }
    }

    @Test func decomposedAccentIsNotLatin1() {
        // "e" + COMBINING ACUTE ACCENT: no normalisation is attempted.
        #expect(throws: Latin1.UnencodableCharacter.self) { try Latin1.encode("e\u{301}") }
    }

    @Test func encodeWithReplacement() {
        #expect(Latin1.encode("a€bø", replacement: UInt8(ascii: "?")) == [0x61, 0x3F, 0x62, 0xF8])
    }
}
