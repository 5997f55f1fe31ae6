import Foundation
import Glibc

/// sd_notify(3) without libsystemd: one datagram of `KEY=value` lines to the Unix socket in
/// `$NOTIFY_SOCKET`. A name starting with `@` is in the abstract namespace. Without the
/// variable (not started by systemd) every call does nothing.
public struct SystemdNotifier: Sendable {
    public let socketPath: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"] ?? ""
        socketPath = path.isEmpty ? nil : path
    }

    /// Sends `fields` (e.g. `READY=1`, `STATUS=…`); returns false when the datagram could not be sent.
    @discardableResult
    public func notify(_ fields: String...) -> Bool {
        guard let socketPath else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
        }
        // Abstract names are exactly as long as given; filesystem paths carry their NUL.
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count + (pathBytes.first == 0 ? 0 : 1)
        let message = Array(fields.joined(separator: "\n").utf8)
        // Never block: callers include ServiceLifecycle's shutdown handler, which runs under a
        // lock, and a receiver whose queue is full (10 datagrams by default) would hang us.
        // A full queue gets a short bounded retry; then the message is dropped.
        for attempt in 0..<50 {
            let sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, message, message.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), socketAddress, socklen_t(length))
                }
            }
            if sent == message.count { return true }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK, attempt < 49 else { return false }
            usleep(2_000)
        }
        return false
    }

    /// The watchdog interval systemd expects pings within (`WATCHDOG_USEC`), when it is meant
    /// for this process (`WATCHDOG_PID`, when set, is our pid).
    public static func watchdogInterval(environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], !pid.isEmpty, pid != String(getpid()) { return nil }
        return .microseconds(microseconds)
    }
}
