import Foundation
import Hummingbird
import PenguinModel

/// The route handlers and what they answer from: the served model with every document built once per
/// version, so a request does no work that does not depend on its input.
struct PenguinRoutes: Sendable {
    typealias Context = PenguinRequestContext

    /// The model and its documents; a request reads it once, so one version answers it whole.
    let current: CurrentModel
    let maxBodyBytes: Int
    /// How long a `/predict` body may take to arrive, however steadily it trickles.
    let bodyTimeout: Duration
    let maxRecords: Int
    let readiness: ReadinessCache
    let metrics: ServerMetrics
    /// Where answered `/predict` records go to be logged; nil when the prediction log is off.
    let predictionLog: PredictionLogQueue?

    /// Dispatches to the small function of each endpoint; the switch is exhaustive, so a new ``Endpoint``
    /// cannot be registered without a handler.
    func respond(_ endpoint: Endpoint, to request: Request, context: Context) async throws -> Response {
        let model = current.model
        return switch endpoint {
        case .app: html(appPage(of: model))
        case .predict: try await predict(request, model: model, context: context)
        case .ping: .json(Data(#"{"ping":"pong"}"#.utf8))
        case .metadata: .json(model.metadata).versioned(by: model)
        case .prototype: .json(model.prototype)
        case .openAPI: .json(model.openAPI)
        case .docs: html(model.docsPage)
        case .healthz: .json(Data(#"{"status":"ok"}"#.utf8))
        case .readyz: await readyz()
        case .metrics: await prometheusText()
        // Browsers ask for it unprompted; an empty answer keeps them from asking again and the log free of 404s.
        case .favicon: Response(status: .noContent)
        }
    }

    /// The app page, with a warning when the live window shows major drift in any feature.
    private func appPage(of model: ServedModel) -> ServedPage {
        guard let window = model.liveDrift else { return model.appPage }
        let (records, psi) = window.populationStability()
        let major = psi.filter { $0.psi >= DriftThresholds.default.psiMajor }
        guard !major.isEmpty else { return model.appPage }
        return model.appPage.replacing(AppPage.driftWarningMarker, with: AppPage.driftWarning(major, records: records))
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
