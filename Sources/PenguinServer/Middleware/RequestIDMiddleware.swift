import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id that appears in each of its log lines and in the `X-Request-ID` response
/// header, so a client's complaint can be matched to the server's logs.
///
/// A caller's own `X-Request-ID` is kept when it is short and plain (a proxy may have assigned it);
/// anything else is replaced, so that log lines cannot be forged through the header.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = PenguinRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[.xRequestID].flatMap(Self.acceptable) ?? RequestID().description
        var context = context
        // One id per log line: ours replaces Hummingbird's, which nothing in this server reads.
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.xRequestID] = id
        return response
    }

    private static func acceptable(_ id: String) -> String? {
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F
        }
        return allowed && (1...128).contains(id.utf8.count) ? id : nil
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-ID")!
}
