import Hummingbird
import NIOCore
import Synchronization

/// The request context of the query server: who is asking (set by `AuditMiddleware` once
/// the caller is identified) and what the answer disclosed (set by the route, read by the
/// audit).
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var caller: Caller?
    let disclosure: Disclosure
    /// The connection, for its client certificate.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        disclosure = Disclosure()
        channel = source.channel
    }

    /// The caller; routes under /v1 run only after the audit middleware identified one.
    func requireCaller() throws(Problem) -> Caller {
        guard let caller else { throw Problem.forbidden("the caller is not identified") }
        return caller
    }

    /// Request bodies are PNR lists: 1000 numbers fit easily.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// The PNRs whose data an answer carries: a box shared between the route that answers and
/// the middleware that audits, which see different copies of the context.
final class Disclosure: Sendable {
    private let value = Mutex<[String]>([])

    func record(_ pnrs: [String]) { value.withLock { $0.append(contentsOf: pnrs) } }
    func record(_ pnr: String) { value.withLock { $0.append(pnr) } }
    var pnrs: [String] { value.withLock { $0 } }
}
