import PenguinModel
import PenguinStyle

/// monitoring.html: what the live model was asked and answered (the prediction log), its accuracy over time
/// where actuals arrived, the latest drift of its inputs against its training data, and who moved which alias.
///
/// Every section says what to run when it has nothing to show, so an empty page is a set of instructions.
enum MonitoringPage {
    static func body(_ input: ReportInput) -> Markup {
        let monitoring = input.monitoring
        let unit = input.servedCard.flatMap { Measure.named($0.formula.response)?.unit }
        return """
            <h1>Monitoring</h1>
            <p class="lead">What the live model was asked and what it answered, logged by <code>penguins serve</code>; \
            its accuracy over time where actual outcomes arrived; and how far its inputs have moved from the data it \
            was trained on, as <code>penguins monitor</code> last measured it.</p>
            \(Blocks.tiles(tiles(monitoring)))
            <h2>Predictions</h2>
            \(predictions(monitoring, unit: unit))
            <h2>Accuracy over time</h2>
            \(performance(monitoring))
            <h2>Drift</h2>
            \(DriftSection.render(monitoring))
            <h2>Alias history</h2>
            \(aliasHistory(monitoring.aliasHistory))
            """
    }

    private static func tiles(_ monitoring: MonitoringInput) -> [Blocks.Tile] {
        let logged = monitoring.predictions.reduce(0) { $0 + $1.predictions }
        let versions = Set(monitoring.predictions.map(\.version)).count
        let worst = monitoring.drift.map(\.verdict).max()
        return [
            .init(label: "Predictions logged", value: "\(NumberText.integer(logged))"),
            .init(label: "Versions answering", value: "\(NumberText.integer(versions))"),
            .init(label: "Actuals recorded", value: "\(NumberText.integer(monitoring.actualsRecorded))"),
            .init(label: "Drift, latest run", value: worst.map { DriftSection.verdictBadge($0) } ?? "–"),
        ]
    }

    private static func predictions(_ monitoring: MonitoringInput, unit: String?) -> Markup {
        guard !monitoring.predictions.isEmpty else {
            return Blocks.note("""
                No predictions logged yet: serve with <code>PENGUINS_PREDICTION_LOG=on</code> (the default) and send \
                <code>/predict</code> requests; run <code>penguins monitor</code> to compute drift.
                """)
        }
        let period = monitoring.period
        let rows: [[Markup]] = monitoring.predictions.map { count in
            [
                DateText.element(count.start), "<code>\(count.version)</code>", "\(NumberText.integer(count.predictions))",
                "\(NumberText.fixed(count.meanPrediction, decimals: 1))",
            ]
        }
        let unitText = unit.map { " (\($0))" } ?? ""
        return """
            \(Blocks.figure(MonitoringCharts.predictionsPerPeriod(monitoring.predictions, period: period),
                caption: "Logged predictions per \(period.rawValue) (UTC), stacked by the model version that answered."))
            \(HTMLTable(
                caption: "Logged predictions per \(period.rawValue) and version, oldest first",
                columns: [
                    .init(header: "\(period == .hour ? "Hour" : "Day") starting", isNumeric: false),
                    .init(header: "Version", isNumeric: false), .init(header: "Predictions"),
                    .init(header: "Mean prediction\(unitText)"),
                ],
                rows: rows
            ).render())
            """
    }

    /// vetiver's `plot_metrics`: RMSE and MAE per period and version, from the rows `penguins monitor` appends.
    private static func performance(_ monitoring: MonitoringInput) -> Markup {
        let points = monitoring.performance.filter { ["rmse", "mae"].contains($0.metric) }
        guard !points.isEmpty else {
            let what: Markup =
                monitoring.actualsRecorded == 0
                ? "No actual outcomes recorded yet: record them with <code>penguins monitor actuals --query SQL</code> (the query yields request id, record index and the observed value), then"
                : monitoring.actualsRecorded == 1
                    ? "1 actual outcome is recorded but not yet scored:"
                    : "\(NumberText.integer(monitoring.actualsRecorded)) actual outcomes are recorded but not yet scored:"
            return Blocks.note("\(what) run <code>penguins monitor</code> to compute RMSE and MAE per period.")
        }
        let charts: [Markup] = ["rmse", "mae"].enumerated().compactMap { index, metric in
            let series = points.filter { $0.metric == metric }
            guard !series.isEmpty else { return nil }
            let label = MetricsSection.label(metric)
            // A period of room either side, as the predictions chart has: a single period is a point among hours, not two minutes.
            let starts = series.map(\.at)
            let room = [starts.min(), starts.max()].compactMap { $0 }.enumerated().map { index, start in
                start.addingTimeInterval((index == 0 ? -1 : 1) * monitoring.period.seconds)
            }
            var chart = ModelCharts.metricOverTime(
                metric, label: label, points: series, index: index, idPrefix: "performance", timeTitle: "Period starting (UTC)",
                noun: "periods", alsoCovering: room)
            // One above the other on a shared time span, as vetiver's plot_metrics facets them.
            chart.height = 260
            return Blocks.figure(chart, caption: "\(label) per \(monitoring.period.rawValue) of predictions whose actual outcome is recorded.")
        }
        return "\(charts)"
    }

    private static func aliasHistory(_ moves: [AliasMove]) -> Markup {
        guard !moves.isEmpty else {
            return Blocks.note("No alias has moved yet: <code>penguins models promote VERSION --reason TEXT</code> points <code>production</code> at a version.")
        }
        let rows: [[Markup]] = moves.reversed().map { move in
            [
                "\(move.sequence)", "<code>\(move.alias)</code>", move.from.map { "<code>\($0)</code>" } ?? "–",
                "<code>\(move.to)</code>", DateText.element(move.at), "\(move.by)", "\(move.reason)",
                "\(NumberText.fixed(move.evaluation?.rmse, decimals: 1)) / \(NumberText.fixed(move.previousRMSE, decimals: 1))",
            ]
        }
        return HTMLTable(
            caption: "Alias moves, newest first, with the new holder’s RMSE on the data of the day and the previous holder’s",
            columns: [
                .init(header: "#"), .init(header: "Alias", isNumeric: false), .init(header: "From", isNumeric: false),
                .init(header: "To", isNumeric: false), .init(header: "Moved", isNumeric: false), .init(header: "By", isNumeric: false),
                .init(header: "Reason", isNumeric: false), .init(header: "RMSE, new / previous"),
            ],
            rows: rows
        ).render()
    }
}
