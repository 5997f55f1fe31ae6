#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why writing generated files failed.
public struct GeneratorError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Writes bytes to a file with plain POSIX calls. The file is created as `path.tmp`
/// and renamed into place by `close()`, so a watcher never sees half a file.
final class FileSink {
    let path: String
    private var fd: Int32
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        fd = open(path + ".tmp", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileSink.error("cannot create \(path).tmp") }
    }

    deinit {
        if fd >= 0 { _ = posixClose(fd) }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileSink.error("cannot write \(path).tmp")
                }
                offset += n
            }
        }
        bytesWritten += bytes.count
    }

    func close() throws {
        let result = posixClose(fd)
        fd = -1
        guard result == 0 else { throw FileSink.error("cannot close \(path).tmp") }
        guard rename(path + ".tmp", path) == 0 else { throw FileSink.error("cannot rename \(path).tmp") }
    }

    /// Creates `directory` and its parents as needed.
    static func makeDirectory(_ directory: String) throws {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw error("cannot create directory \(path)")
            }
        }
    }

    private static func error(_ what: String) -> GeneratorError {
        GeneratorError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}

// The POSIX functions under names that do not clash with this type's methods.
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always) private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
