import Foundation
import Hummingbird
import PenguinModel

/// The route handlers and what they answer from: the model and every document, built once at start-up,
/// so a request does no work that does not depend on its input.
struct PenguinRoutes: Sendable {
    typealias Context = PenguinRequestContext

    /// Reads `/predict` bodies for the served model; its tables are built once, here.
    let reader: FeatureRowReader
    let maxBodyBytes: Int
    /// How long a `/predict` body may take to arrive, however steadily it trickles.
    let bodyTimeout: Duration
    let maxRecords: Int
    let metadata: Data
    let prototype: Data
    let openAPI: Data
    let appPage: String
    let readiness: ReadinessCache
    let metrics: ServerMetrics

    /// Dispatches to the small function of each endpoint; the switch is exhaustive, so a new ``Endpoint``
    /// cannot be registered without a handler.
    func respond(_ endpoint: Endpoint, to request: Request, context: Context) async throws -> Response {
        switch endpoint {
        case .app: html(appPage)
        case .predict: try await predict(request, context: context)
        case .ping: .json(Data(#"{"ping":"pong"}"#.utf8))
        case .metadata: .json(metadata)
        case .prototype: .json(prototype)
        case .openAPI: .json(openAPI)
        case .docs: html(DocsPage.html)
        case .healthz: .json(Data(#"{"status":"ok"}"#.utf8))
        case .readyz: await readyz()
        case .metrics: await prometheusText()
        // Browsers ask for it unprompted; an empty answer keeps them from asking again and the log free of 404s.
        case .favicon: Response(status: .noContent)
        }
    }

    /// The pages load nothing from elsewhere; the policy makes the browser enforce that.
    private func html(_ page: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy:
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
                    + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
