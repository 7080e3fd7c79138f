import Hummingbird

/// Every route the server has, in one list that registration, the 405 answer and the OpenAPI document are
/// all derived from, so none of them can name a route the others lack.
enum Endpoint: CaseIterable, Sendable {
    case app, predict, ping, metadata, prototype, openAPI, docs, healthz, readyz, metrics, favicon

    var path: String {
        switch self {
        case .app: "/"
        case .predict: "/predict"
        case .ping: "/ping"
        case .metadata: "/metadata"
        case .prototype: "/prototype"
        case .openAPI: "/openapi.json"
        case .docs: "/docs"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .favicon: "/favicon.ico"
        }
    }

    var method: HTTPRequest.Method { self == .predict ? .post : .get }

    /// The methods the route is registered for: `HEAD` wherever `GET` is (``HeadMiddleware`` drops its body).
    var methods: [HTTPRequest.Method] { method == .get ? [.get, .head] : [method] }

    /// The routes that reveal or use the model when API keys are configured; the rest stay open for
    /// probes, scrapers and the app's own page.
    var requiresKey: Bool { self == .predict || self == .metadata }

    /// Path → methods, for the 405 answer's `Allow` header.
    static var methodsByPath: [String: [HTTPRequest.Method]] {
        Dictionary(grouping: allCases, by: \.path).mapValues { $0.flatMap(\.methods) }
    }

}
