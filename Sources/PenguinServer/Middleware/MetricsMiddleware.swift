import Hummingbird

/// Counts and times every request by route template (not raw path, which would let clients create
/// unbounded label values), method and status.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.recordRequest(
            route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}
