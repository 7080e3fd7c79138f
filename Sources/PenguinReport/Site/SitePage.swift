/// The pages of the site, in navigation order.
enum SitePage: CaseIterable, Sendable {
    case overview
    case eda
    case model
    case monitoring

    var fileName: String {
        switch self {
        case .overview: "index.html"
        case .eda: "eda.html"
        case .model: "model.html"
        case .monitoring: "monitoring.html"
        }
    }

    /// The navigation label and the first part of the document title.
    var title: String {
        switch self {
        case .overview: "Overview"
        case .eda: "Exploratory analysis"
        case .model: "Model"
        case .monitoring: "Monitoring"
        }
    }
}
