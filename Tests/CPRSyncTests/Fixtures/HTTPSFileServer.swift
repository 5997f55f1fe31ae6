import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTPS server on 127.0.0.1 that requires a client certificate issued by the test CA and
/// serves one folder: `GET /` is an index page of links, `GET /NAME` the file.
final class HTTPSFileServer: @unchecked Sendable {
    let folder: String
    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

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
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FileHandler(folder: folder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    var url: String { "https://127.0.0.1:\(port)/" }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class FileHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let folder: String
    init(folder: String) { self.folder = folder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        var status = HTTPResponseStatus.ok
        var body: [UInt8]
        let name = String(request.uri.dropFirst()).removingPercentEncoding ?? ""
        if name.isEmpty {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            body = Array(("<html><body>" + names.map { "<a href=\"\($0)\">\($0)</a><br>" }.joined() + "</body></html>").utf8)
        } else if let data = FileManager.default.contents(atPath: "\(folder)/\(name)"), !name.contains("/") {
            body = Array(data)
        } else {
            status = .notFound
            body = Array("not found".utf8)
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "\(body.count)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
