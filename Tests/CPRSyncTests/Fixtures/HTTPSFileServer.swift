import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import CPRTestSupport

/// An HTTPS server on 127.0.0.1 that requires a client certificate issued by the test CA and
/// serves one folder: `GET /` is an index page of links, `GET /NAME` the file, `DELETE /NAME`
/// removes it. Downloads can be made to break off (`cut`), as a server dying mid-transfer would.
final class HTTPSFileServer: @unchecked Sendable {
    let folder: String
    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let faults: Faults

    /// How a cut download ends. Both send half the body, then close the connection.
    enum Cut: Sendable {
        /// The full Content-Length is announced: the client can tell the body is short.
        case shortBody
        /// HTTP/1.0 with no Content-Length (the body ends at the close): only the content
        /// itself (the 999 trailer) can tell the file is incomplete.
        case unannounced
    }

    init(folder: String, certificates: Certificates) async throws {
        self.folder = folder
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.serverKey, format: .pem))
        )
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .file(certificates.ca)
        let context = try NIOSSLContext(configuration: tls)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let folder = self.folder
        let faults = Faults()
        self.faults = faults
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FileHandler(folder: folder, faults: faults))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    var url: String { "https://127.0.0.1:\(port)/" }

    /// The next `times` GETs of `name` break off halfway.
    func cut(_ name: String, times: Int, _ how: Cut) {
        faults.state.withLock { $0.cuts[name] = (times, how) }
    }

    /// GETs of `name` so far, cut or whole.
    func downloads(of name: String) -> Int {
        faults.state.withLock { $0.downloads[name, default: 0] }
    }

    /// GETs of `name` that were cut.
    func cutDownloads(of name: String) -> Int {
        faults.state.withLock { $0.cutDone[name, default: 0] }
    }

    /// DELETEs of `name` are answered 501 Not Implemented, as some servers do.
    func refuseDeletes(of name: String) {
        faults.state.withLock { _ = $0.refusedDeletes.insert(name) }
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class Faults: Sendable {
    struct State {
        var cuts: [String: (remaining: Int, how: HTTPSFileServer.Cut)] = [:]
        var downloads: [String: Int] = [:]
        var cutDone: [String: Int] = [:]
        var refusedDeletes: Set<String> = []
    }
    let state = Mutex(State())

    /// Counts a GET of `name`; returns how to cut it, if it is to be cut.
    func take(_ name: String) -> HTTPSFileServer.Cut? {
        state.withLock { state in
            state.downloads[name, default: 0] += 1
            guard let cut = state.cuts[name], cut.remaining > 0 else { return nil }
            state.cuts[name] = (cut.remaining - 1, cut.how)
            state.cutDone[name, default: 0] += 1
            return cut.how
        }
    }
}

private final class FileHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let folder: String
    let faults: Faults
    init(folder: String, faults: Faults) {
        self.folder = folder
        self.faults = faults
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        var status = HTTPResponseStatus.ok
        var body: [UInt8]
        let name = String(request.uri.dropFirst()).removingPercentEncoding ?? ""
        let path = "\(folder)/\(name)"
        if name.isEmpty {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            body = Array(("<html><body>" + names.map { "<a href=\"\($0)\">\($0)</a><br>" }.joined() + "</body></html>").utf8)
        } else if name.contains("/") || !FileManager.default.fileExists(atPath: path) {
            status = .notFound
            body = Array("not found".utf8)
        } else if request.method == .DELETE {
            if faults.state.withLock({ $0.refusedDeletes.contains(name) }) {
                status = .notImplemented
            } else {
                status = unlink(path) == 0 ? .noContent : .internalServerError
            }
            body = []
        } else if let data = FileManager.default.contents(atPath: path) {
            body = Array(data)
            if let cut = faults.take(name) {
                send(half: body, of: request, cut, context: context)
                return
            }
        } else {
            status = .notFound
            body = Array("not found".utf8)
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "\(body.count)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Headers and the first half of the body, then the connection closes: no `.end`.
    private func send(half body: [UInt8], of request: HTTPRequestHead, _ how: HTTPSFileServer.Cut, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        var version = request.version
        switch how {
        case .shortBody:
            headers.add(name: "Content-Length", value: "\(body.count)")
        case .unannounced:
            version = .http1_0
            headers.add(name: "Connection", value: "close")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .ok, headers: headers))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body.prefix(body.count / 2))))))
            .whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
