import Hummingbird

/// Counts and times every request by route template (not raw path, which would let clients create
/// unbounded label values), method and status; and counts the requests in flight, which shutdown reports.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        metrics.inFlight.started()
        defer { metrics.inFlight.finished() }
        let response = try await next(request, context)
        metrics.recordRequest(
            route: context.endpointPath ?? "unmatched", method: Self.label(request.method), status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }

    /// The method as a label: any token is a valid HTTP method, so one a client makes up is counted as "other";
    /// otherwise each new name would add a series to every scrape, for ever.
    private static func label(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .delete, .patch, .options, .trace, .connect: method.rawValue
        default: "other"
        }
    }
}
