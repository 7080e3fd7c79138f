import DataGateway
import Hummingbird
import Logging

/// Writes one line per request with the fields an operator filters on: request_id (from the logger),
/// method, path, status, duration_ms and, for `/predict`, records.
///
/// The query string and headers are left out: they are where credentials would travel. The method and path
/// are the client's text, so they are cut to the echo limit; the numbers are logged as numbers.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue.clippedForEcho),
            "path": .string(request.uri.path.clippedForEcho),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible(elapsed.milliseconds),
        ]
        if let records = context.facts.records { metadata["records"] = .stringConvertible(records) }
        context.logger.info("request", metadata: metadata)
        return response
    }
}
