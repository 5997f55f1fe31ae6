import CPRFormat
import Hummingbird
import HTTPTypes

/// An RFC 9457 problem: what every error answer of the server carries, as
/// `application/problem+json`. `type` names the kind of problem for programs; `detail`
/// explains this occurrence to people. A detail never contains data the caller did not send.
public struct Problem: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A short name, rendered as the type URI `urn:cprd:problem:<kind>`.
    public let kind: String
    public let title: String
    public let detail: String?

    public init(_ status: HTTPResponse.Status, kind: String, title: String, detail: String? = nil) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
    }

    public var description: String { "\(status.code) \(kind)\(detail.map { ": \($0)" } ?? "")" }

    public static func invalidPNR(_ detail: String = "a PNR is 10 digits") -> Problem {
        Problem(.badRequest, kind: "invalid-pnr", title: "Invalid PNR", detail: detail)
    }

    public static func badRequest(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "bad-request", title: "Bad request", detail: detail)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, kind: "not-found", title: "Not found", detail: detail)
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, kind: "forbidden", title: "Forbidden", detail: detail)
    }

    public static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, kind: "unavailable", title: "Service unavailable", detail: detail)
    }

    public static let internalError = Problem(
        .internalServerError, kind: "internal", title: "Internal error",
        detail: "the server failed to answer; the technical log has the cause"
    )

    /// Any error as a problem: Hummingbird's own HTTP errors keep their status.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError:
            if error.status == .notFound {
                return .notFound("no such resource")
            }
            return Problem(
                error.status, kind: error.status.code < 500 ? "bad-request" : "internal",
                title: error.status.reasonPhrase, detail: error.body
            )
        default:
            return .internalError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    var response: Response {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("type"); json.string("urn:cprd:problem:\(kind)")
        json.key("title"); json.string(title)
        json.key("status"); json.raw(Array(String(status.code).utf8))
        if let detail { json.key("detail"); json.string(detail) }
        json.endObject()
        return Response(
            status: status,
            headers: [.contentType: "application/problem+json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes))
        )
    }
}
