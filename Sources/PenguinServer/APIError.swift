import Foundation
import Hummingbird
import PenguinJSON

/// Every error the API returns: a status and `{"error": ..., "field": ...}` (plus `record` for a batch),
/// as design.md's contract says, so a client can always point at what to fix.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    /// The JSON field, header or request part at fault: `body`, `bill_length_mm`, `Authorization`, `path`…
    let field: String
    /// The position of the bad record in a batch.
    var record: Int?
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: JSONValue] = ["error": .string(message), "field": .string(field)]
        if let record { object["record"] = .number(Double(record)) }
        var response = Response.json(JSONValue.object(object).encoded(), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension Response {
    /// A JSON response from bytes that are already encoded, e.g. documents built once at start-up.
    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        json(ByteBuffer(bytes: data), status: status)
    }

    /// A JSON response from bytes already in a buffer, e.g. `/predict`'s answer.
    static func json(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }
}
