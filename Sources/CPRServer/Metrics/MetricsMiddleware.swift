import Hummingbird

/// Counts every request by route template (never the path: it would hold PNRs and explode
/// the label space) and status, with its latency.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Problem.from(error).response
        }
        metrics.observe(
            route: context.endpointPath.map { "\(request.method) \($0)" } ?? "unmatched",
            status: response.status.code, duration: .now - start
        )
        return response
    }
}
