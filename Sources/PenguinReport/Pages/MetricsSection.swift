import PenguinModel

/// Metrics over time from `model_metrics`: a line chart for each metric, from its first evaluation on, and
/// the evaluations as a table.
enum MetricsSection {
    static func render(_ points: [MetricPoint]) -> Markup {
        guard !points.isEmpty else { return Blocks.note("No evaluations are recorded in <code>model_metrics</code> yet.") }
        let metrics = points.reduce(into: [String]()) { names, point in
            if !names.contains(point.metric) { names.append(point.metric) }
        }
        let charts: [Markup] = metrics.enumerated().map { index, metric in
            let series = points.filter { $0.metric == metric }
            let chart = ModelCharts.metricOverTime(metric, label: label(metric), points: series, index: index)
            return Blocks.figure(chart, caption: "\(label(metric)) at each evaluation.")
        }
        let rows: [[Markup]] = points.map { point in
            [
                DateText.element(point.at), "<code>\(point.version)</code>", "\(label(point.metric))",
                "\(NumberText.fixed(point.value, decimals: 3))", "\(NumberText.integer(point.n))",
            ]
        }
        return """
            \(charts)
            \(HTMLTable(
                caption: "Evaluations recorded in model_metrics, oldest first",
                columns: [
                    .init(header: "Evaluated", isNumeric: false), .init(header: "Version", isNumeric: false),
                    .init(header: "Metric", isNumeric: false), .init(header: "Value"), .init(header: "n"),
                ],
                rows: rows
            ).render())
            """
    }

    /// The usual spelling of the metrics the gateway records; any other name shows as stored.
    static func label(_ metric: String) -> String {
        switch metric.lowercased() {
        case "r2", "r_squared", "rsquared": "R²"
        case "adj_r2", "adjusted_r2": "Adjusted R²"
        case "rmse": "RMSE"
        case "mae": "MAE"
        default: metric
        }
    }
}
