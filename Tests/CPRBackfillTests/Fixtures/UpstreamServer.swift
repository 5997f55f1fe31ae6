import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import CPRTestSupport

/// An HTTPS server on 127.0.0.1 that requires a client certificate from the test CA and
/// speaks both upstream protocols: `POST /person` (the single-person source) and
/// `POST /subscription` (SF6002 CprSubscriptionService, SOAP 1.1).
final class UpstreamServer: Sendable {
    /// What the single-person source answers for one PNR.
    enum PersonAnswer: Sendable {
        case records([UInt8])
        case notFound
        case status(Int)
    }

    struct State: Sendable {
        var persons: [String: PersonAnswer] = [:]
        var personRequests: [String: Int] = [:]
        /// Upstream's filters.
        var pnrs: Set<String> = []
        var municipalities: Set<String> = []
        /// PNRs CPR does not know: AddPNRSubscription answers NON_EXISTING_PNR.
        var unknownPNRs: Set<String> = []
        /// Operations answered with a SOAP fault.
        var faultingOperations: Set<String> = []
        var operations: [String] = []
    }

    let state = Mutex(State())
    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    init(certificates: Certificates) async throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.serverKey, format: .pem))
        )
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .file(certificates.ca)
        let context = try NIOSSLContext(configuration: tls)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = StateBox()
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(server: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
        box.server = self
    }

    var personURL: String { "https://127.0.0.1:\(port)/person" }
    var subscriptionURL: String { "https://127.0.0.1:\(port)/subscription" }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    func answer(path: String, body: [UInt8]) -> (Int, [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        switch path {
        case "/person":
            guard text.hasPrefix("pnr="), text.count == 14 else { return (400, Array("bad request".utf8)) }
            let pnr = String(text.dropFirst(4))
            let answer = state.withLock { state -> PersonAnswer in
                state.personRequests[pnr, default: 0] += 1
                return state.persons[pnr] ?? .notFound
            }
            switch answer {
            case .records(let bytes): return (200, bytes)
            case .notFound: return (404, Array("unknown".utf8))
            case .status(let code): return (code, Array("try later".utf8))
            }
        case "/subscription":
            return soap(text)
        default:
            return (404, [])
        }
    }

    private func soap(_ xml: String) -> (Int, [UInt8]) {
        let operations = ["AddPNRSubscription", "RemovePNRSubscription", "AddMunicipalityCodeSubscription", "RemoveMunicipalityCodeSubscription", "GetAllFilters"]
        guard let operation = operations.first(where: { xml.contains(":\($0)>") }),
              xml.contains("<invctx:ServiceAgreementUUID>"), xml.contains("<invctx:UserSystemUUID>")
        else { return (500, Self.fault("malformed request")) }
        let pnr = Self.element("PNR", in: xml)
        let code = Self.element("MunicipalityCode", in: xml).flatMap { Int($0) }.map { String(format: "%04d", $0) }
        return state.withLock { state in
            state.operations.append(operation)
            if state.faultingOperations.contains(operation) { return (500, Self.fault("service unavailable")) }
            var result = ""
            switch operation {
            case "AddPNRSubscription":
                guard let pnr else { return (500, Self.fault("no PNR")) }
                if state.unknownPNRs.contains(pnr) { result = "NON_EXISTING_PNR" }
                else { result = state.pnrs.insert(pnr).inserted ? "ADDED" : "ALREADY_EXISTED" }
            case "RemovePNRSubscription":
                guard let pnr else { return (500, Self.fault("no PNR")) }
                result = state.pnrs.remove(pnr) != nil ? "REMOVED" : "NON_EXISTING_PNR"
            case "AddMunicipalityCodeSubscription":
                guard let code else { return (500, Self.fault("no code")) }
                result = state.municipalities.insert(code).inserted ? "ADDED" : "ALREADY_EXISTED"
            case "RemoveMunicipalityCodeSubscription":
                guard let code else { return (500, Self.fault("no code")) }
                state.municipalities.remove(code)
                result = "REMOVED"
            default:
                let filters = state.municipalities.sorted().map { "<ns:MunicipalityCode>\(Int($0)!)</ns:MunicipalityCode>" }.joined()
                    + state.pnrs.sorted().map { "<cpr:PNR>\($0)</cpr:PNR>" }.joined()
                return (200, Self.envelope("<ns:GetAllFiltersResponse>\(filters)</ns:GetAllFiltersResponse>"))
            }
            return (200, Self.envelope("<ns:\(operation)Response><ns:Result>\(result)</ns:Result></ns:\(operation)Response>"))
        }
    }

    static func envelope(_ body: String) -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="ISO-8859-1"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:ns="http://serviceplatformen.dk/xml/wsdl/soap11/CprSubscriptionService/1/" \
            xmlns:cpr="http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/"><soap:Body>\(body)</soap:Body></soap:Envelope>
            """.utf8)
    }

    static func fault(_ text: String) -> [UInt8] {
        envelope("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>\(text)</faultstring></soap:Fault>")
    }

    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: ":\(name)>"), let close = xml.range(of: "</", range: open.upperBound..<xml.endIndex) else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

private final class StateBox: @unchecked Sendable {
    weak var server: UpstreamServer?
}

private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let server: StateBox
    var path = ""
    var version = HTTPVersion.http1_1
    var body: [UInt8] = []

    init(server: StateBox) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
            version = head.version
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            let (status, reply) = server.server?.answer(path: path, body: body) ?? (503, [])
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "\(reply.count)")
            let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
