/// Where a `RecordReader` gets its bytes: a file, a pipe, memory.
public protocol ByteSource {
    /// Fills a prefix of `buffer`; returns how many bytes were written, 0 at end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes already in memory (tests, small files). `maxReadSize` simulates a
/// source that returns short reads, to exercise chunk boundaries.
public struct BytesSource: ByteSource, Sendable {
    public let bytes: [UInt8]
    public private(set) var position = 0
    public let maxReadSize: Int

    public init(_ bytes: [UInt8], maxReadSize: Int = .max) {
        precondition(maxReadSize > 0, "maxReadSize must be positive")
        self.bytes = bytes
        self.maxReadSize = maxReadSize
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = Swift.min(buffer.count, maxReadSize, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[position..<(position + n)]))
        }
        position += n
        return n
    }
}
