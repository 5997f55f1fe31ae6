import Foundation
import Glibc
import Synchronization

/// A datagram socket standing in for systemd's notification socket.
final class NotifyListener: Sendable {
    let path: String
    private let descriptor: Int32
    private let messages = Mutex<[String]>([])

    init(abstract: Bool = false) throws {
        let name = "cprd-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        path = abstract ? "@\(name)" : FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(length)) }
        }
        guard bound == 0 else { throw FixtureError("bind \(path): \(String(cString: strerror(errno)))") }
    }

    /// The next datagram, or nil after `timeout` seconds.
    func receive(timeout: Double) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let message = String(decoding: buffer[0..<count], as: UTF8.self)
        messages.withLock { $0.append(message) }
        return message
    }

    /// Reads datagrams until one satisfies `match` or `timeout` passes; returns all read.
    @discardableResult
    func wait(timeout: Double, until match: (String) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        while Date() < deadline {
            guard let message = receive(timeout: max(0.01, deadline.timeIntervalSinceNow)) else { continue }
            seen.append(message)
            if match(message) { return seen }
        }
        return seen
    }

    /// Every datagram received in the next `seconds`.
    func drain(for seconds: Double) -> [String] {
        wait(timeout: seconds) { _ in false }
    }

    func close() {
        Glibc.close(descriptor)
        if !path.hasPrefix("@") { unlink(path) }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
