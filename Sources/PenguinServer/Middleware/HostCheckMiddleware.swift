import DataGateway
import Hummingbird

/// Answers 421 to a request whose `Host` header names a host this server does not serve (see ``AllowedHosts``),
/// before any route runs: the defence against DNS rebinding, where a page on another site reaches a server on
/// loopback or a private network under the attacker's own name.
struct HostCheckMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext
    let allowed: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard allowed.allows(request.head.authority) else {
            throw APIError(
                status: .misdirectedRequest,
                message: "this server does not answer for host '\((request.head.authority ?? "").clippedForEcho)'; "
                    + "use the address it listens on, or add the name to PENGUINS_HTTP_ALLOWED_HOSTS",
                field: "Host")
        }
        return try await next(request, context)
    }
}
