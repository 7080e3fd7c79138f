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
    let appPage: ServedPage
    let docsPage: ServedPage
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
        case .docs: html(docsPage)
        case .healthz: .json(Data(#"{"status":"ok"}"#.utf8))
        case .readyz: await readyz()
        case .metrics: await prometheusText()
        // Browsers ask for it unprompted; an empty answer keeps them from asking again and the log free of 404s.
        case .favicon: Response(status: .noContent)
        }
    }

    /// The pages load nothing from elsewhere and run only their own inline script and style; the page's
    /// policy (``ServedPage``) makes the browser enforce that.
    private func html(_ page: ServedPage) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: page.contentSecurityPolicy,
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: page.html)))
    }
}
