/// ISO-8859-1, the character set of CPR extract files (spec §2.2): each byte is
/// the Unicode scalar of the same value.
public enum Latin1 {
    /// A character with no Latin-1 byte (above U+00FF).
    public struct UnencodableCharacter: Error, Hashable, Sendable {
        public let scalar: Unicode.Scalar
        /// Offset in Unicode scalars from the start of the string.
        public let scalarOffset: Int
    }

    /// Decodes Latin-1 bytes; never fails (every byte is a valid scalar).
    @inlinable
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        if let s = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0) }) {
            return s
        }
        return Array(bytes).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    /// Decodes Latin-1 bytes by transcoding straight into the String's UTF-8 storage.
    public static func decode(buffer: UnsafeBufferPointer<UInt8>) -> String {
        var high = 0
        for b in buffer where b >= 0x80 { high += 1 }
        if high == 0 {  // pure ASCII is already UTF-8
            return String(decoding: buffer, as: UTF8.self)
        }
        // Every byte ≥ 0x80 becomes the two-byte UTF-8 sequence of U+0080…U+00FF.
        return String(unsafeUninitializedCapacity: buffer.count + high) { out in
            var i = 0
            for b in buffer {
                if b < 0x80 {
                    out[i] = b
                    i += 1
                } else {
                    out[i] = 0xC0 | (b >> 6)
                    out[i + 1] = 0x80 | (b & 0x3F)
                    i += 2
                }
            }
            return i
        }
    }

    /// Encodes to Latin-1, failing on the first character above U+00FF.
    /// No normalisation: a decomposed "é" (e + U+0301) fails; pass NFC text.
    public static func encode(_ string: some StringProtocol) throws(UnencodableCharacter) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        var offset = 0
        for scalar in string.unicodeScalars {
            guard scalar.value <= 0xFF else {
                throw UnencodableCharacter(scalar: scalar, scalarOffset: offset)
            }
            out.append(UInt8(truncatingIfNeeded: scalar.value))
            offset += 1
        }
        return out
    }

    /// Encodes to Latin-1, replacing characters above U+00FF with `replacement` (e.g. `UInt8(ascii: "?")`).
    public static func encode(_ string: some StringProtocol, replacement: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            out.append(scalar.value <= 0xFF ? UInt8(truncatingIfNeeded: scalar.value) : replacement)
        }
        return out
    }
}
