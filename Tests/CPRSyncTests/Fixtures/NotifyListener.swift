import Foundation
import Glibc
import Synchronization
import CPRTestSupport

/// A datagram socket standing in for systemd's notification socket.
final class NotifyListener: Sendable {
    let path: String
    private let descriptor: Int32
    private let messages = Mutex<[String]>([])
    private let closed = Atomic<Bool>(false)

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
        Thread { [self] in readUntilClosed() }.start()
    }

    /// The next datagram, or nil after `timeout` seconds. A reader thread empties the socket
    /// at once, as systemd does, so the daemon never meets a full queue (10 datagrams).
    func receive(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let next: String? = messages.withLock { queue in queue.isEmpty ? nil : queue.removeFirst() }
            if let next { return next }
            usleep(5_000)
        } while Date() < deadline
        return nil
    }

    private func readUntilClosed() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !closed.load(ordering: .relaxed) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) == 1 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { continue }
            let message = String(decoding: buffer[0..<count], as: UTF8.self)
            messages.withLock { $0.append(message) }
        }
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
        closed.store(true, ordering: .relaxed)
        usleep(60_000)  // the reader's poll ends within 50 ms
        Glibc.close(descriptor)
        if !path.hasPrefix("@") { unlink(path) }
    }
}
