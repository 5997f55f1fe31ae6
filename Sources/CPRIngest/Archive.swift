import Foundation
import Glibc

/// The archive of every applied file, so the replica can be rebuilt from it alone (CPR keeps
/// files for only about two months). Files are named by production date, kind and hash, and
/// written to a temporary name, flushed and renamed, so a crash never leaves half a file.
public struct Archive: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func name(productionDate: String, kind: IngestKind, sha256: String) -> String {
        "\(productionDate.replacingOccurrences(of: "-", with: ""))-\(kind.rawValue)-\(sha256.prefix(16)).cpr"
    }

    /// Copies `path` into the archive unless a file of that name is already there.
    public func store(_ path: String, productionDate: String, kind: IngestKind, sha256: String) throws(IngestError) -> String {
        let target = "\(directory)/\(name(productionDate: productionDate, kind: kind, sha256: sha256))"
        if FileManager.default.fileExists(atPath: target) { return target }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(file: directory, problem: "cannot create the archive folder: \(error)")
        }
        let temporary = "\(directory)/.incoming-\(getpid())-\(sha256.prefix(16))"
        try copy(path, to: temporary)
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw .io(file: target, problem: "cannot rename into the archive: \(String(cString: strerror(errno)))")
        }
        syncDirectory()
        return target
    }

    private func copy(_ source: String, to target: String) throws(IngestError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .io(file: source, problem: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard output >= 0 else { throw .io(file: target, problem: "cannot create: \(String(cString: strerror(errno)))") }
        var failed: String?
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        copying: while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 { if errno == EINTR { continue }; failed = "read failed"; break }
            if count == 0 { break }
            var written = 0
            while written < count {
                let result = write(output, buffer.baseAddress! + written, count - written)
                if result < 0 { if errno == EINTR { continue }; failed = "write failed: \(String(cString: strerror(errno)))"; break copying }
                written += result
            }
        }
        if failed == nil, fsync(output) != 0 { failed = "fsync failed" }
        close(output)
        if let failed {
            unlink(target)
            throw .io(file: target, problem: failed)
        }
    }

    private func syncDirectory() {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}
