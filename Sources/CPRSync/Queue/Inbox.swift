import CPRFormat
import CPRIngest
import Foundation
import Glibc

/// The inbox folder: where upstream downloads land (renamed in when complete) and where an
/// operator may drop files by hand. Lists candidates with what their 000 record says.
public struct Inbox: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func create() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func contains(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(directory)/\(name)")
    }

    /// Every candidate file, unordered. Files that vanish while being read are left out.
    public func scan() throws -> [PendingFile] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter(PendingFile.isCandidate(name:))
            .compactMap { describe(name: $0) }
    }

    func describe(name: String) -> PendingFile? {
        let path = "\(directory)/\(name)"
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        var header: FileHeader?
        if var reader = try? RecordReader(path: path, name: name) {
            _ = try? reader.next()
            header = reader.header
        }
        return PendingFile(
            name: name, path: path, productionDate: header?.proddto.iso,
            previousProductionDate: header?.proddtoForrig?.iso,
            kind: header != nil && header?.proddtoForrig == nil ? .full : .change,
            bytes: Int(info.st_size), modified: modified, complete: Self.endsWithTrailer(path: path)
        )
    }

    /// Whether the file's last record is a 999 trailer (`999`, 10 blanks or digits, an
    /// 8-digit count): a cheap test that a copy or download is not still under way.
    public static func endsWithTrailer(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        let window = min(Int(size), 4096)
        guard window >= 21 else { return false }
        var bytes = [UInt8](repeating: 0, count: window)
        let count = pread(descriptor, &bytes, window, off_t(Int(size) - window))
        guard count == window else { return false }
        // Trailing blanks and line ends may follow the trailer.
        var end = bytes.count
        while end > 0, [0x20, 0x0a, 0x0d, 0x00].contains(bytes[end - 1]) { end -= 1 }
        guard end >= 21 else { return false }
        let record = bytes[(end - 21)..<end]
        let start = record.startIndex
        return record[start..<start + 3].elementsEqual("999".utf8)
            && record[(start + 13)..<(start + 21)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
