#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A window onto the input, refilled in fixed-size chunks so memory does not
/// grow with the file.
///
/// Each refill starts a fresh chunk and copies only the unconsumed tail (less
/// than one record) into it. Records handed out are slices of the old chunk,
/// which stays alive exactly as long as a caller keeps one of them: refilling
/// never has to copy a chunk because someone still looks at it.
struct ChunkedInput {
    private var source: any ByteSource
    let name: String
    let chunkSize: Int
    private(set) var buffer: [UInt8] = []
    /// First unconsumed byte in `buffer`.
    var start = 0
    /// End of valid bytes in `buffer`.
    private(set) var end = 0
    /// File offset of `buffer[0]`.
    private(set) var base = 0
    /// The source has reported end of input; `buffer[start..<end]` is all that is left.
    private(set) var atEOF = false

    init(source: any ByteSource, name: String, chunkSize: Int) {
        self.source = source
        self.name = name
        self.chunkSize = chunkSize
    }

    @inline(__always) var available: Int { end - start }

    /// File offset of `buffer[i]`.
    @inline(__always) func fileOffset(_ i: Int) -> Int { base + i }

    /// Makes `n` bytes from `start` available unless the input ends first;
    /// true when they are.
    @inline(__always)
    mutating func ensure(_ n: Int) throws(CPRFormatError) -> Bool {
        if end - start >= n { return true }
        try refill(atLeast: n)
        return end - start >= n
    }

    /// True when only whitespace is left from `i` to the end of input. Reads on
    /// (consuming the input) as long as it sees whitespace; `start` moves along.
    mutating func onlyWhitespaceRemains() throws(CPRFormatError) -> (Bool, offset: Int) {
        while true {
            while start < end {
                if !isWhitespace(buffer[start]) { return (false, fileOffset(start)) }
                start += 1
            }
            if atEOF { return (true, fileOffset(start)) }
            try refill(atLeast: 1)
        }
    }

    /// Index of the first `byte` in `buffer[from..<end]`, looking at most `limit` bytes.
    func firstIndex(of byte: UInt8, from: Int, limit: Int) -> Int? {
        let count = Swift.min(end - from, limit)
        guard count > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base + from, Int32(byte), count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private mutating func refill(atLeast n: Int) throws(CPRFormatError) {
        while !atEOF && end - start < n {
            let leftover = end - start
            let capacity = Swift.max(chunkSize, n)
            let old = buffer
            let oldStart = start
            var failure: CPRFormatError?
            var hitEOF = false
            let fresh = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
                old.withUnsafeBufferPointer { o in
                    if leftover > 0 {
                        _ = UnsafeMutableBufferPointer(rebasing: out[0..<leftover])
                            .initialize(from: o[oldStart..<(oldStart + leftover)])
                    }
                }
                count = leftover
                while count < capacity {
                    let want = capacity - count
                    let got: Int
                    do {
                        got = try source.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[count..<capacity])))
                    } catch let e as CPRFormatError {
                        failure = e
                        return
                    } catch {
                        failure = readError("\(error)", at: count)
                        return
                    }
                    guard got >= 0, got <= want else {
                        failure = readError("a byte count of \(got) for \(want) requested", at: count)
                        return
                    }
                    if got == 0 {
                        hitEOF = true
                        return
                    }
                    count += got
                }
            }
            base += oldStart
            start = 0
            end = fresh.count
            buffer = fresh
            atEOF = hitEOF
            if let failure { throw failure }
        }
    }

    private func readError(_ found: String, at i: Int) -> CPRFormatError {
        CPRFormatError(kind: .io, fileName: name, recordNumber: nil, byteOffset: base + start + i,
                       expected: "to read the input", found: found)
    }
}

/// Space, tab, CR, LF: what may follow the 999 end record.
@inline(__always)
func isWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
}
