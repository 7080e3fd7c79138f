import Hummingbird

/// Sends no body in the answer to a `HEAD`, keeping the status and headers (`Content-Length` included) that the
/// same `GET` gets, as RFC 9110 asks: every `GET` route is registered for `HEAD` too and answers it as a `GET`.
/// Any other `HEAD` answer (a 404, a 405) loses its body as well, since a client reads none after a `HEAD`.
struct HeadMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .head else { return try await next(request, context) }
        return try await next(request, context).createHeadResponse()
    }
}
