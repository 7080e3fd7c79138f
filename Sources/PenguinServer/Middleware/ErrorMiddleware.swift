import DataGateway
import HTTPTypes
import Hummingbird
import Logging

/// Turns every failure into the API's error shape and logs why, so that no client ever sees Hummingbird's
/// default error bodies and every rejected request leaves a reason in the logs.
///
/// It also answers 405 with `Allow` for a known path called with the wrong method: Hummingbird's router
/// reports both cases as 404.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext
    /// Path → the methods it serves.
    let methods: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = translate(error, request: request)
            let metadata: Logger.Metadata = [
                "status": .stringConvertible(apiError.status.code), "field": .string(apiError.field), "reason": .string(apiError.message),
            ]
            if apiError.status.kind == .serverError {
                context.logger.error("request failed", metadata: metadata.merging(["error": .string(String(describing: error))]) { $1 })
            } else {
                context.logger.info("request rejected", metadata: metadata)
            }
            return try apiError.response(from: request, context: context)
        }
    }

    private func translate(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError where error.status == .notFound:
            let path = request.uri.path.clippedForEcho
            guard let allowed = methods[request.uri.path] else {
                return APIError(status: .notFound, message: "there is no route \(path); the routes are listed in /openapi.json", field: "path")
            }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            return APIError(
                status: .methodNotAllowed, message: "\(path) does not accept \(request.method.rawValue.clippedForEcho); use \(list)", field: "method",
                headers: [.allow: list])
        case let error as any HTTPResponseError where error.status.kind == .clientError:
            return APIError(status: error.status, message: error.status.reasonPhrase.lowercased(), field: "request")
        default:
            return APIError(status: .internalServerError, message: "internal error; the server log has the details", field: "server")
        }
    }
}
