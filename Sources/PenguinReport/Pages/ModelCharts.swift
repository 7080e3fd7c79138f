import Foundation
import PenguinStyle
import DataGateway
import PenguinModel

/// The model page's charts: the served model's predictions on the current rows, and metrics over time.
enum ModelCharts {
    /// Actual, fitted and species for every row the model can score.
    struct Scored: Sendable {
        var actual: [[Double]]
        var fitted: [[Double]]
    }

    /// Rows with a missing predictor or response are left out, as they were from the fit.
    static func score(_ predictor: Predictor, _ penguins: Penguins, species: SpeciesSeries) throws(RecordError) -> Scored {
        let predictions = try predictor.predict(penguins.frame)
        let response = try? penguins.frame.column(predictor.encoding.response)
        var scored = Scored(
            actual: [[Double]](repeating: [], count: species.levels.count),
            fitted: [[Double]](repeating: [], count: species.levels.count))
        for row in 0..<penguins.count {
            guard let fitted = predictions[row], let actual = response?.numeric(row),
                let series = species.index(ofRow: row, in: penguins)
            else { continue }
            scored.actual[series].append(actual)
            scored.fitted[series].append(fitted)
        }
        return scored
    }

    static func predictedAgainstActual(_ scored: Scored, response: String, species: SpeciesSeries) -> Chart {
        let all = scored.actual.flatMap { $0 } + scored.fitted.flatMap { $0 }
        let axis = Axis.linear(title: "", covering: all)
        var marks: [Chart.Mark] = species.levels.indices.map { series in
            .points(zip(scored.actual[series], scored.fitted[series]).map { Chart.Point(x: $0, y: $1) }, species.style(series))
        }
        marks.insert(.line([axis.lower, axis.upper].map { Chart.Point(x: $0, y: $0) }, .reference, dashed: true), at: 0)
        let n = scored.actual.reduce(0) { $0 + $1.count }
        return Chart(
            id: "predicted-actual", title: "Predicted against actual \(response)",
            description: """
                Scatter plot of \(NumberText.integer(n)) penguins: actual \(response) \
                (\(NumberText.span(scored.actual.flatMap { $0 }, decimals: 0))) on the horizontal axis, the model's \
                prediction (\(NumberText.span(scored.fitted.flatMap { $0 }, decimals: 0))) on the vertical axis, \
                coloured by species. The dashed diagonal marks a perfect prediction.
                """,
            x: Axis(title: "Actual \(responseLabel(response))", lower: axis.lower, upper: axis.upper, ticks: axis.ticks),
            y: Axis(title: "Predicted \(responseLabel(response))", lower: axis.lower, upper: axis.upper, ticks: axis.ticks),
            marks: marks,
            legend: species.legend(symbol: .marker) + [.init(label: "perfect prediction", style: .reference, symbol: .line(dashed: true))],
            width: 480, height: 440)
    }

    static func residualsAgainstFitted(_ scored: Scored, response: String, species: SpeciesSeries) -> Chart {
        let residuals = species.levels.indices.map { series in
            zip(scored.actual[series], scored.fitted[series]).map { Chart.Point(x: $1, y: $0 - $1) }
        }
        let all = residuals.flatMap { $0 }
        let x = Axis.linear(title: "Fitted \(responseLabel(response))", covering: all.map(\.x))
        let y = Axis.linear(title: "Residual (actual − fitted)", covering: all.map(\.y) + [0])
        let largest = all.map { abs($0.y) }.max() ?? 0
        var marks: [Chart.Mark] = residuals.indices.map { .points(residuals[$0], species.style($0)) }
        marks.insert(.line([x.lower, x.upper].map { Chart.Point(x: $0, y: 0) }, .reference, dashed: true), at: 0)
        return Chart(
            id: "residuals-fitted", title: "Residuals against fitted values",
            description: """
                Scatter plot of \(NumberText.integer(all.count)) residuals against fitted \(response), coloured by \
                species; the dashed line is zero. The largest residual is \(NumberText.fixed(largest, decimals: 0)) \
                in absolute value.
                """,
            x: x, y: y, marks: marks,
            legend: species.legend(symbol: .marker) + [.init(label: "zero", style: .reference, symbol: .line(dashed: true))],
            width: 480, height: 440)
    }

    /// `body mass (g)` for `body_mass_g`, to follow "Actual", "Predicted" or "Fitted" on an axis.
    private static func responseLabel(_ response: String) -> String {
        Measure.named(response).map { $0.label.lowercased() } ?? response
    }

    /// One metric's values over time, oldest first: a line and markers per model version, so a change of
    /// model stands out from drift within one and no line joins two different models.
    /// `timeTitle` and `noun` say what a point is: an evaluation by `evaluate`, or a period of logged predictions;
    /// `alsoCovering` widens the time axis, e.g. by a period either side when each point is a period.
    static func metricOverTime(
        _ metric: String, label: String, points: [MetricPoint], index: Int, idPrefix: String = "metric",
        timeTitle: String = "Evaluated at (UTC)", noun: String = "evaluations", alsoCovering: [Date] = []
    ) -> Chart {
        let sorted = points.sorted { $0.at < $1.at }
        let versions = sorted.reduce(into: [String]()) { if !$0.contains($1.version) { $0.append($1.version) } }
        let x = Axis.time(title: timeTitle, covering: sorted.map(\.at) + alsoCovering)
        let y = Axis.linear(title: label, covering: sorted.map(\.value))
        let line = sorted.map { Chart.Point(x: $0.at.timeIntervalSince1970, y: $0.value) }
        let byVersion = versions.map { version in zip(sorted, line).filter { $0.0.version == version }.map(\.1) }
        let lines: [Chart.Mark] = byVersion.enumerated().map { .line($1, .series($0)) }
        let markers: [Chart.Mark] = byVersion.enumerated().map { .points($1, .series($0), radius: 5) }
        let first = sorted.first.map { DateText.display($0.at) } ?? ""
        let last = sorted.last.map { DateText.display($0.at) } ?? ""
        return Chart(
            id: "\(idPrefix)-\(index)", title: "\(label) over time",
            description: """
                Line chart of \(sorted.count) \(noun) of \(label) from \(first) to \(last), across \(versions.count) \
                model \(versions.count == 1 ? "version" : "versions"); values range from \
                \(NumberText.fixed(sorted.map(\.value).min() ?? 0, decimals: 3)) to \
                \(NumberText.fixed(sorted.map(\.value).max() ?? 0, decimals: 3)).
                """,
            x: x, y: y, marks: lines + markers,
            legend: versions.enumerated().map { .init(label: $1, style: .series($0), symbol: .marker) },
            width: 880, height: 340, keepsMarkersApart: true)
    }
}
