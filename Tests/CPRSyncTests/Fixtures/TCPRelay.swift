import Foundation
import Glibc
import Synchronization
import CPRTestSupport

/// A TCP relay on 127.0.0.1 in front of a local server, to catch a transfer midway without
/// timing: `hold(after:)` freezes the first connection that brings more than that many bytes
/// from the server, `dropAll()` then closes every connection, as a dying server host would.
/// Sockets are close-on-exec, so spawned processes do not keep them open.
final class TCPRelay: Sendable {
    let port: Int
    let target: Int
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var holdAfter: Int?
        var held = false
        var sockets: Set<Int32> = []
    }

    init(to target: Int) throws {
        self.target = target
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else {
            if listener >= 0 { close(listener) }
            throw FixtureError("relay: \(String(cString: strerror(errno)))")
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        self.listener = listener
        port = Int(UInt16(bigEndian: local.sin_port))
        let relay = self
        Thread { relay.acceptLoop() }.start()
    }

    /// The next connection that brings more than `bytes` from the server forwards that many, then nothing more.
    func hold(after bytes: Int) {
        state.withLock { $0.holdAfter = bytes }
    }

    /// A connection is being held.
    var holding: Bool { state.withLock { $0.held } }

    /// Closes every open connection; new ones are still accepted and relayed.
    func dropAll() {
        for socket in state.withLock({ $0.sockets }) { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        dropAll()
    }

    deinit { close(listener) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)  // accept4 is not visible from Swift
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                // The server is down: so is this connection.
                close(server)
                close(client)
                continue
            }
            state.withLock { $0.sockets.formUnion([client, server]) }
            let pair = Pair(client: client, server: server, relay: self)
            Thread { pair.pump(from: client, to: server, watched: false) }.start()
            Thread { pair.pump(from: server, to: client, watched: true) }.start()
        }
    }

    /// How many of `count` more bytes (after `total`) a watched connection may forward, and
    /// whether it must hold after them. Only one connection is ever held.
    fileprivate func allowance(total: Int, count: Int) -> (Int, hold: Bool) {
        state.withLock { state in
            guard !state.held, let limit = state.holdAfter, total + count > limit else { return (count, false) }
            state.held = true
            state.holdAfter = nil
            return (max(0, limit - total), true)
        }
    }

    fileprivate func closed(_ sockets: [Int32]) {
        state.withLock { $0.sockets.subtract(sockets) }
        for socket in sockets { close(socket) }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}

/// One relayed connection: two pumps; the second to end closes both sockets.
private final class Pair: Sendable {
    let client: Int32
    let server: Int32
    let relay: TCPRelay
    private let ended = Atomic<Int>(0)

    init(client: Int32, server: Int32, relay: TCPRelay) {
        self.client = client
        self.server = server
        self.relay = relay
    }

    func pump(from source: Int32, to sink: Int32, watched: Bool) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        var total = 0
        while true {
            let count = read(source, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            let (allowed, hold) = watched ? relay.allowance(total: total, count: count) : (count, false)
            guard send(all: buffer, count: allowed, to: sink) else { break }
            total += allowed
            if hold {
                // Frozen: the other pump ends the connection when the relay drops it.
                end()
                return
            }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(sink, Int32(SHUT_RDWR))
        end()
    }

    private func send(all buffer: [UInt8], count: Int, to sink: Int32) -> Bool {
        var offset = 0
        while offset < count {
            let sent = buffer.withUnsafeBytes { Glibc.send(sink, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    private func end() {
        if ended.add(1, ordering: .acquiringAndReleasing).newValue == 2 {
            relay.closed([client, server])
        }
    }
}
