import CCurl
import Foundation
import Glibc
import Synchronization

/// Lists, downloads and removes files on an upstream server through libcurl. Each call
/// uses a fresh easy handle on a thread of its own (libcurl's easy interface blocks); task
/// cancellation aborts the transfer from libcurl's progress callback.
public struct CurlTransfer: Sendable {
    public let source: UpstreamSource

    public init(source: UpstreamSource) {
        Self.initialiseOnce
        self.source = source
    }

    private static let initialiseOnce: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Names in the upstream folder, unfiltered.
    public func list() async throws -> [String] {
        let source = self.source
        let body = try await Self.perform(source: source, url: source.url, operation: "list") { handle, _ in
            if source.scheme != .https { cprd_curl_set_long(handle, CURLOPT_DIRLISTONLY, 1) }
        }
        return DirectoryListing.names(from: String(decoding: body, as: UTF8.self))
    }

    /// Downloads `name` to `path` (created or truncated) and flushes it to disk; returns the
    /// byte count. Throws when the transfer breaks off, so a partial file is never mistaken
    /// for a whole one.
    public func download(_ name: String, to path: String, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Int {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw TransferError(operation: "download", url: source.url(of: name), message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let sink = FileSink(descriptor: descriptor, progress: progress)
        let url = source.url(of: name)
        _ = try await Self.perform(source: source, url: url, operation: "download", sink: sink) { _, _ in }
        guard fsync(descriptor) == 0 else {
            throw TransferError(operation: "download", url: url, message: "fsync failed: \(String(cString: strerror(errno)))")
        }
        return sink.written
    }

    /// Removes `name` and its `.metadata` companion upstream (a missing companion is fine).
    public func delete(_ name: String) async throws {
        let source = self.source
        switch source.scheme {
        case .https:
            for (target, required) in [(name, true), (name + ".metadata", false)] {
                do {
                    _ = try await Self.perform(source: source, url: source.url(of: target), operation: "delete") { handle, _ in
                        cprd_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, "DELETE")
                    }
                } catch where !required {}
            }
        case .sftp, .ftps, .ftpExplicitTLS:
            let commands: [String]
            if source.scheme == .sftp {
                let folder = source.serverFolderPath
                commands = ["rm \"\(folder)\(name)\"", "*rm \"\(folder)\(name).metadata\""]
            } else {
                let folder = source.ftpFolderPath
                commands = ["DELE \(folder)\(name)", "*DELE \(folder)\(name).metadata"]
            }
            _ = try await Self.perform(source: source, url: source.url, operation: "delete") { handle, lists in
                var list: UnsafeMutablePointer<curl_slist>?
                for command in commands { list = curl_slist_append(list, command) }
                lists.append(list)
                cprd_curl_set_slist(handle, CURLOPT_QUOTE, list)
                cprd_curl_set_long(handle, CURLOPT_NOBODY, 1)
            }
        }
    }

    // MARK: - libcurl

    /// Runs one transfer; returns the body unless a sink took it.
    private static func perform(
        source: UpstreamSource, url: String, operation: String, sink: FileSink? = nil,
        configure: @escaping @Sendable (UnsafeMutableRawPointer, inout [UnsafeMutablePointer<curl_slist>?]) -> Void
    ) async throws -> [UInt8] {
        let context = TransferContext(sink: sink)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result {
                        try run(source: source, url: url, operation: operation, context: context, configure: configure)
                    })
                }
                thread.name = "cprd-curl"
                thread.start()
            }
        } onCancel: {
            context.cancelled.store(true, ordering: .relaxed)
        }
    }

    private static func run(
        source: UpstreamSource, url: String, operation: String, context: TransferContext,
        configure: (UnsafeMutableRawPointer, inout [UnsafeMutablePointer<curl_slist>?]) -> Void
    ) throws -> [UInt8] {
        guard let handle = curl_easy_init() else {
            throw TransferError(operation: operation, url: url, message: "curl_easy_init failed")
        }
        var lists: [UnsafeMutablePointer<curl_slist>?] = []
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer {
            curl_easy_cleanup(handle)
            for list in lists { curl_slist_free_all(list) }
        }
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        return try errorBuffer.withUnsafeMutableBufferPointer { errors in
            cprd_curl_set_string(handle, CURLOPT_URL, url)
            cprd_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
            cprd_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "sftp,ftp,ftps,https")
            cprd_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            cprd_curl_set_long(handle, CURLOPT_FAILONERROR, 1)
            cprd_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, source.connectTimeoutSeconds)
            // A stalled transfer (no byte for a minute) is a failure to retry, not a hang.
            cprd_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
            cprd_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, 60)
            if source.maximumBytesPerSecond > 0 {
                cprd_curl_set_offset(handle, CURLOPT_MAX_RECV_SPEED_LARGE, curl_off_t(source.maximumBytesPerSecond))
            }
            cprd_curl_set_write_function(handle, writeCallback)
            cprd_curl_set_pointer(handle, CURLOPT_WRITEDATA, opaque)
            cprd_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
            cprd_curl_set_progress_function(handle, progressCallback)
            cprd_curl_set_pointer(handle, CURLOPT_XFERINFODATA, opaque)
            switch source.scheme {
            case .sftp:
                cprd_curl_set_long(handle, CURLOPT_SSH_AUTH_TYPES, Int(CURLSSH_AUTH_PUBLICKEY))
                if let key = source.sshPrivateKey { cprd_curl_set_string(handle, CURLOPT_SSH_PRIVATE_KEYFILE, key) }
                if let key = source.sshPublicKey { cprd_curl_set_string(handle, CURLOPT_SSH_PUBLIC_KEYFILE, key) }
                if let hosts = source.knownHosts { cprd_curl_set_string(handle, CURLOPT_SSH_KNOWNHOSTS, hosts) }
            case .ftps, .ftpExplicitTLS, .https:
                if source.scheme == .ftpExplicitTLS {
                    cprd_curl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
                }
                if let certificate = source.tlsCertificate { cprd_curl_set_string(handle, CURLOPT_SSLCERT, certificate) }
                if let key = source.tlsKey { cprd_curl_set_string(handle, CURLOPT_SSLKEY, key) }
                if let ca = source.tlsCA { cprd_curl_set_string(handle, CURLOPT_CAINFO, ca) }
            }
            if let passphrase = source.keyPassphrase { cprd_curl_set_string(handle, CURLOPT_KEYPASSWD, passphrase) }
            configure(handle, &lists)

            let code = curl_easy_perform(handle)
            if code != CURLE_OK {
                let detail = String(cString: errors.baseAddress!)
                let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
                throw TransferError(
                    operation: operation, url: url, message: message, curlCode: Int(code.rawValue),
                    cancelled: code == CURLE_ABORTED_BY_CALLBACK && context.cancelled.load(ordering: .relaxed)
                )
            }
            if let sink = context.sink {
                if let failure = sink.failure {
                    throw TransferError(operation: operation, url: url, message: failure)
                }
                // A server that announced a length must have sent all of it.
                var expected: curl_off_t = -1
                cprd_curl_get_offset(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected)
                if expected >= 0 && Int(expected) != sink.written {
                    throw TransferError(operation: operation, url: url, message: "received \(sink.written) of \(expected) bytes")
                }
            }
            return context.body
        }
    }
}

/// A transfer's shared state between Swift and libcurl's callbacks.
private final class TransferContext: @unchecked Sendable {
    // Written only by the transfer thread; read after it ends.
    var body: [UInt8] = []
    let sink: FileSink?
    let cancelled = Atomic<Bool>(false)

    init(sink: FileSink?) { self.sink = sink }
}

/// Writes a download straight to its file.
private final class FileSink: @unchecked Sendable {
    let descriptor: Int32
    let progress: (@Sendable (Int) -> Void)?
    var written = 0
    var failure: String?

    init(descriptor: Int32, progress: (@Sendable (Int) -> Void)?) {
        self.descriptor = descriptor
        self.progress = progress
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                failure = "write failed: \(String(cString: strerror(errno)))"
                return false
            }
            offset += result
        }
        written += bytes.count
        progress?(bytes.count)
        return true
    }
}

private let writeCallback: cprd_curl_write_callback = { data, size, count, context in
    let total = size * count
    guard let context, let data else { return 0 }
    let transfer = Unmanaged<TransferContext>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: total)
    if let sink = transfer.sink {
        return sink.write(bytes) ? total : 0
    }
    transfer.body.append(contentsOf: bytes)
    return total
}

private let progressCallback: cprd_curl_progress_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    let transfer = Unmanaged<TransferContext>.fromOpaque(context).takeUnretainedValue()
    return transfer.cancelled.load(ordering: .relaxed) ? 1 : 0
}

/// A transfer that did not complete. Always worth retrying later: the server, the network or
/// the credentials may be back.
public struct TransferError: Error, CustomStringConvertible {
    public var operation: String
    public var url: String
    public var message: String
    public var curlCode: Int = 0
    /// Aborted because the task was cancelled (shutdown), not because the transfer failed.
    public var cancelled = false

    public var description: String {
        "\(operation) \(UpstreamSource.redact(url)): \(message)"
    }
}

extension UpstreamSource {
    static func redact(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}
