/// How `cprd serve` runs: where it listens, how callers prove who they are, and the knobs
/// of batching and audit.
public struct ServerSettings: Sendable {
    public enum Transport: Sendable {
        /// Development: plain HTTP on loopback only; the system is taken from X-User-System.
        case insecureHTTP
        /// Production: TLS, a client certificate required; its fingerprint names the system.
        case tls(TLSSettings)
    }

    public var listen: ListenAddress
    public var transport: Transport
    /// Days of audit log kept; older daily partitions are dropped.
    public var auditRetentionDays: Int = 400
    /// Concurrent group commits of the audit log. One keeps batches fullest; measured best
    /// on two cores (more help only when commits wait on a slow disk and CPU is to spare).
    public var auditWriters: Int = 1
    /// Concurrent batched lookup queries (one measured best on two cores).
    public var lookupWorkers: Int = 1
    /// For /v1/status: days without a new file before the replica counts as stale.
    public var staleAfterDays: Int = 3
    /// How often systems and agreements are reloaded (revocations take effect within it).
    public var accessRefreshInterval: Duration = .seconds(2)

    public init(listen: ListenAddress, transport: Transport) {
        self.listen = listen
        self.transport = transport
    }

    /// Refuses plain HTTP anywhere but loopback.
    public func validate() throws(ServerSettingsError) {
        if case .insecureHTTP = transport, !listen.isLoopback {
            throw ServerSettingsError(description:
                "--insecure-http serves plain HTTP and listens on loopback only (127.0.0.1 or ::1), not \(listen.host)")
        }
    }
}

public struct ServerSettingsError: Error, CustomStringConvertible {
    public let description: String
}

extension ServerSettings {
    public var isTLS: Bool {
        if case .tls = transport { return true }
        return false
    }
}
