import CCurl
import Foundation
import Synchronization

/// One HTTPS request over libcurl with a client certificate. The easy interface blocks, so
/// each request runs on a thread of its own; task cancellation aborts it from the progress
/// callback. Error statuses are answers, not failures: the caller reads their bodies.
struct HTTPSClient: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
    }

    let endpoint: ServiceEndpoint

    private static let initialiseOnce: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    init(endpoint: ServiceEndpoint) {
        Self.initialiseOnce
        self.endpoint = endpoint
    }

    func post(body: [UInt8], headers: [String]) async throws -> Response {
        let endpoint = self.endpoint
        let context = RequestContext()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try Self.perform(endpoint: endpoint, body: body, headers: headers, context: context) })
                }
                thread.name = "cprd-https"
                thread.start()
            }
        } onCancel: {
            context.cancelled.store(true, ordering: .relaxed)
        }
    }

    private static func perform(endpoint: ServiceEndpoint, body: [UInt8], headers: [String], context: RequestContext) throws -> Response {
        guard let handle = curl_easy_init() else { throw BackfillError.upstream("curl_easy_init failed") }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer {
            curl_easy_cleanup(handle)
            curl_slist_free_all(list)
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        return try errorBuffer.withUnsafeMutableBufferPointer { errors in
            cprd_curl_set_string(handle, CURLOPT_URL, endpoint.url)
            cprd_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
            cprd_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "https")
            cprd_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            cprd_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, 10)
            cprd_curl_set_long(handle, CURLOPT_TIMEOUT, endpoint.timeoutSeconds)
            cprd_curl_set_long(handle, CURLOPT_POST, 1)
            cprd_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            // COPYPOSTFIELDS copies the body before perform returns; no buffer outlives the call.
            body.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { _ = cprd_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base)) }
            }
            cprd_curl_set_slist(handle, CURLOPT_HTTPHEADER, list)
            if let certificate = endpoint.tls.certificate { cprd_curl_set_string(handle, CURLOPT_SSLCERT, certificate) }
            if let key = endpoint.tls.key { cprd_curl_set_string(handle, CURLOPT_SSLKEY, key) }
            if let ca = endpoint.tls.certificateAuthority { cprd_curl_set_string(handle, CURLOPT_CAINFO, ca) }
            if let passphrase = endpoint.tls.keyPassphrase { cprd_curl_set_string(handle, CURLOPT_KEYPASSWD, passphrase) }
            cprd_curl_set_write_function(handle, bodyCallback)
            cprd_curl_set_pointer(handle, CURLOPT_WRITEDATA, opaque)
            cprd_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
            cprd_curl_set_progress_function(handle, cancelCallback)
            cprd_curl_set_pointer(handle, CURLOPT_XFERINFODATA, opaque)

            let code = curl_easy_perform(handle)
            if code != CURLE_OK {
                if context.cancelled.load(ordering: .relaxed) { throw CancellationError() }
                let detail = String(cString: errors.baseAddress!)
                throw BackfillError.upstream("\(Self.redacted(endpoint.url)): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)")
            }
            var status = 0
            cprd_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return Response(status: status, body: context.body)
        }
    }

    /// The URL without user information, for messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.user = nil
        parts.password = nil
        return parts.string ?? url
    }
}

/// State shared with libcurl's callbacks; written by the request's thread only.
private final class RequestContext: @unchecked Sendable {
    var body: [UInt8] = []
    let cancelled = Atomic<Bool>(false)
}

private let bodyCallback: cprd_curl_write_callback = { data, size, count, context in
    guard let context, let data else { return 0 }
    let request = Unmanaged<RequestContext>.fromOpaque(context).takeUnretainedValue()
    // A person's records or a filter list are small; a runaway answer is cut off.
    guard request.body.count + size * count <= 64 << 20 else { return 0 }
    request.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private let cancelCallback: cprd_curl_progress_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    return Unmanaged<RequestContext>.fromOpaque(context).takeUnretainedValue().cancelled.load(ordering: .relaxed) ? 1 : 0
}
