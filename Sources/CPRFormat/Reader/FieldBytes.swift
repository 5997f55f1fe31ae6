/// The raw bytes of one field, always exactly the field's length: in line
/// framing CPR trims trailing blanks, so bytes missing from the line read as
/// blanks (0x20) here. No copy: `present` is a slice of the reader's chunk.
public struct FieldBytes: RandomAccessCollection, Sendable, Hashable {
    /// The bytes actually in the file; shorter than `count` when the line was trimmed.
    public let present: ArraySlice<UInt8>
    /// The field's length.
    public let count: Int

    @inlinable
    init(present: ArraySlice<UInt8>, count: Int) {
        self.present = present
        self.count = count
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "FieldBytes index out of range")
        return position < present.count ? present[present.startIndex &+ position] : 0x20
    }

    /// Some trailing bytes are blanks supplied for a trimmed line.
    @inlinable public var isPadded: Bool { present.count < count }

    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        isPadded ? nil : try present.withUnsafeBufferPointer(body)
    }

    public static func == (lhs: FieldBytes, rhs: FieldBytes) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        for b in self { hasher.combine(b) }
    }
}
