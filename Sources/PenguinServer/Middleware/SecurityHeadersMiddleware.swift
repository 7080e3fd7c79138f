import Hummingbird

/// Marks every response `X-Content-Type-Options: nosniff`, so a browser never runs a JSON or text answer that
/// echoes a client's input as a script or a page. (The pages' own Content-Security-Policy is set where they are served.)
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
