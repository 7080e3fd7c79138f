import Foundation
import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer KEY` on the routes it guards, when keys are configured.
///
/// The token is never logged or echoed; the 401 carries `WWW-Authenticate` as RFC 6750 asks, so generic
/// HTTP clients know to retry with a bearer token.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext
    let verifier: APIKeyVerifier

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard verifier.isEnabled else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized("this route needs an API key; send the header Authorization: Bearer KEY", challenge: #"Bearer realm="penguins""#)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.unauthorized(
                "the Authorization header must have the form Bearer KEY", challenge: #"Bearer realm="penguins", error="invalid_request""#)
        }
        guard verifier.accepts(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Self.unauthorized("the API key is not valid", challenge: #"Bearer realm="penguins", error="invalid_token""#)
        }
        return try await next(request, context)
    }

    private static func unauthorized(_ message: String, challenge: String) -> APIError {
        APIError(status: .unauthorized, message: message, field: "Authorization", headers: [.wwwAuthenticate: challenge])
    }
}
