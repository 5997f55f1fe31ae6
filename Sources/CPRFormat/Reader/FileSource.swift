#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read with plain POSIX `read(2)`: no Foundation, no buffering of its own
/// (the reader reads large chunks). The descriptor closes when the last copy goes.
public struct FileSource: ByteSource {
    /// Owns the descriptor so copies of the source share one `close`.
    private final class Descriptor {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { _ = close(fd) }
    }

    private let descriptor: Descriptor
    /// For error messages.
    public let path: String

    /// Opens `path` read-only. Errors are `CPRFormatError` of kind `.io`.
    public init(path: String) throws(CPRFormatError) {
        var fd: Int32
        repeat {
            fd = open(path, O_RDONLY | O_CLOEXEC)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            throw Self.ioError(path: path, expected: "a readable file", errno: errno)
        }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))  // a hint; failure is harmless
        #endif
        descriptor = Descriptor(fd)
        self.path = path
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = posixRead(descriptor.fd, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw Self.ioError(path: path, expected: "to read the file", errno: errno)
        }
    }

    static func ioError(path: String, expected: String, errno code: Int32) -> CPRFormatError {
        CPRFormatError(kind: .io, fileName: path, recordNumber: nil, byteOffset: nil,
                       expected: expected, found: "\(String(cString: strerror(code))) (errno \(code))")
    }
}

/// `read(2)`, named apart from `FileSource.read(into:)`.
@inline(__always)
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
