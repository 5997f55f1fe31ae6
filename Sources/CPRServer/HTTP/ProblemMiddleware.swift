import Hummingbird
import Logging

/// Turns every error into an RFC 9457 problem answer, and logs the unexpected ones (by
/// error only: request paths can hold PNRs and are never logged).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["route": "\(context.endpointPath ?? "unmatched")", "error": "\(error)"])
            }
            return problem.response
        }
    }
}
