import Foundation
import Hummingbird
import NIOCore
import NIOSSL

/// Guards and records every request under /v1: identifies the caller (certificate or
/// X-User-System, and the agreement), lets the route answer, and writes the audit record —
/// allowed or denied — before the answer leaves. If the record cannot be written, the
/// caller gets 503 instead of the answer. It sits on the router, not on the /v1 group:
/// a group's middleware never sees a path or method no route matches, and those requests
/// are audited too. Other paths (/healthz, /metrics, …) pass through.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = APIContext

    let directory: AccessDirectory
    let audit: AuditWriter
    /// Production: the system is the one the client certificate is registered to.
    let requireCertificate: Bool

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard Self.isAPI(endpoint: context.endpointPath, path: request.uri.path) else {
            return try await next(request, context)
        }
        let start = ContinuousClock.now
        let headers = request.headers
        let systemHeader = headers[.userSystem]
        var record = AuditRecord(
            at: Date(), agreement: AuditRecord.clip(headers[.serviceAgreement]), system: AuditRecord.clip(systemHeader),
            user: AuditRecord.clip(headers[.user]), onBehalfOf: AuditRecord.clip(headers[.onBehalfOf]),
            accounting: AuditRecord.clip(headers[.accountingInfo]), callID: AuditRecord.clip(headers[.callID]),
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
            status: 0, pnrs: [], latencyMicroseconds: 0
        )
        var response: Response
        do {
            var certificate: String?
            if requireCertificate {
                certificate = try await Self.certificateFingerprint(of: context.channel)
                // Until the certificate is matched to a system, record what identifies it.
                record.system = certificate.map { "sha256:\($0)" } ?? record.system
            }
            let caller = try await directory.identify(
                agreement: headers[.serviceAgreement], systemHeader: systemHeader,
                certificate: certificate, requireCertificate: requireCertificate
            )
            record.system = caller.systemKey
            var context = context
            context.caller = caller
            response = try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["route": "\(record.route)", "error": "\(error)"])
            }
            response = problem.response
        }
        record.status = response.status.code
        if (200..<300).contains(record.status) {
            record.pnrs = context.disclosure.pnrs
        }
        record.latencyMicroseconds = Int((ContinuousClock.now - start) / .microseconds(1))
        do {
            try await audit.write(record)
        } catch {
            return Problem.unavailable("the request could not be recorded in the audit log; no answer is given without it").response
        }
        return response
    }

    /// Whether a request is under /v1: by the route it matched, or, when none matched, by
    /// the path's first component as the router reads it (empty components ignored).
    static func isAPI(endpoint: String?, path: String) -> Bool {
        if let endpoint { return endpoint == "/v1" || endpoint.hasPrefix("/v1/") }
        return path.split(separator: "/").first == "v1"
    }

    /// SHA-256 of the client certificate the TLS handshake verified.
    static func certificateFingerprint(of channel: any Channel) async throws -> String? {
        let certificate = try await channel.nioSSL_peerCertificate().get()
        return try certificate.map(CertificateFingerprint.of)
    }
}
