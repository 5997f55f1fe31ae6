import Crypto
import Glibc

/// SHA-256 and size of a file: how the ledger recognises a file offered twice, under any name.
public struct FileFingerprint: Sendable, Equatable {
    public var sha256: String
    public var bytes: Int

    public init(path: String) throws(IngestError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .io(file: path, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var total = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(file: path, problem: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            total += count
        }
        sha256 = hasher.finalize().map { byte in
            let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
        bytes = total
    }
}
