import DataGateway
import PenguinModel

/// model.html: the fit on the current data as R's `summary(lm)` reports it, its diagnostics, and the
/// board's history of versions and evaluations.
enum ModelPage {
    static func body(_ input: ReportInput) throws(RecordError) -> Markup {
        let fit: Markup = if let model = input.model { try fitSections(model, input.penguins) } else {
            Blocks.note("No model could be fitted to the current data, so there is no coefficient table or diagnostics.")
        }
        return """
            <h1>Model</h1>
            \(fit)
            <h2>Version history</h2>
            \(versionHistory(input.versionHistory, served: input.servedCard?.version))
            <h2>Metrics over time</h2>
            \(MetricsSection.render(input.metricsHistory))
            """
    }

    private static func fitSections(_ model: LinearModel, _ penguins: Penguins) throws(RecordError) -> Markup {
        let summary = model.summary
        let species = SpeciesSeries(penguins)
        let scored = try ModelCharts.score(model, penguins, species: species)
        let response = model.encoding.response
        let unitText = Measure.named(response).map { " \($0.unit)" } ?? ""
        let unit: Markup = Measure.named(response).map { " <span class=\"unit\">\($0.unit)</span>" } ?? ""
        let references: [String] = model.encoding.terms.compactMap { term in
            term.levels.first.map { "\(term.name) = \($0)" }
        }
        return """
            <p class="lead">Ordinary least squares on the current data, refitted for this report. Categorical terms are \
            dummy-coded against a reference level\(references.isEmpty ? "" : " (\(references.joined(separator: ", ")))"); \
            \(NumberText.integer(summary.droppedRows)) rows with a missing value in a used column are left out.</p>
            <h2>Formula</h2>
            <pre class="formula"><code>\(summary.formula.description)</code></pre>
            <h2>Fit</h2>
            \(Blocks.tiles([
                .init(label: "R²", value: "\(NumberText.fixed(summary.rSquared, decimals: 3))"),
                .init(label: "Adjusted R²", value: "\(NumberText.fixed(summary.adjustedRSquared, decimals: 3))"),
                .init(label: "RMSE", value: "\(NumberText.fixed(summary.rootMeanSquaredError, decimals: 1))\(unit)"),
                .init(label: "MAE", value: "\(NumberText.fixed(summary.meanAbsoluteError, decimals: 1))\(unit)"),
                .init(label: "n", value: "\(NumberText.integer(summary.observations))"),
            ]))
            <p class="note">RMSE is √(SSE / n) and MAE the mean absolute residual, as scikit-learn reports them; \
            R's residual standard error is \(NumberText.fixed(summary.residualStandardError, decimals: 1))\(unitText) on \
            \(NumberText.integer(summary.residualDegreesOfFreedom)) degrees of freedom.</p>
            <h2>Coefficients</h2>
            \(coefficientTable(summary))
            <h2>Diagnostics</h2>
            <div class="grid">
            \(Blocks.figure(ModelCharts.predictedAgainstActual(scored, response: response, species: species),
                caption: "Predicted against actual; points on the dashed line are predicted exactly."))
            \(Blocks.figure(ModelCharts.residualsAgainstFitted(scored, response: response, species: species),
                caption: "Residuals against fitted values; a pattern here would mean the model misses structure."))
            </div>
            """
    }

    private static func coefficientTable(_ summary: ModelSummary) -> Markup {
        let rows: [[Markup]] = summary.coefficients.map { row in
            [
                "<code>\(row.name)</code>", "\(NumberText.fixed(row.estimate, decimals: 2))",
                "\(NumberText.fixed(row.standardError, decimals: 2))", "\(NumberText.fixed(row.tValue, decimals: 2))",
                NumberText.pValue(row.pValue),
            ]
        }
        return HTMLTable(
            caption: "Estimates with standard errors, t statistics and two-sided p values (\(summary.residualDegreesOfFreedom) df)",
            columns: [
                .init(header: "Term", isNumeric: false), .init(header: "Estimate"), .init(header: "Std. error"),
                .init(header: "t"), .init(header: "p"),
            ],
            rows: rows
        ).render()
    }

    private static func versionHistory(_ cards: [ModelCard], served: String?) -> Markup {
        guard !cards.isEmpty else { return Blocks.note("The model board has no versions yet.") }
        let rows: [[Markup]] = cards.map { card in
            let badge: Markup = card.version == served ? " <span class=\"badge\">served</span>" : ""
            return [
                "<code>\(card.version)</code>\(badge)", DateText.element(card.createdAt),
                "\(NumberText.integer(card.trainingRows))", "\(NumberText.fixed(card.metrics.rSquared, decimals: 3))",
                "\(NumberText.fixed(card.metrics.rmse, decimals: 1))", "\(NumberText.fixed(card.metrics.mae, decimals: 1))",
                "<code>\(String(card.dataFingerprint.prefix(12)))</code>", "\(card.gatewayVersion)",
            ]
        }
        return HTMLTable(
            caption: "Versions on the model board, newest first",
            columns: [
                .init(header: "Version", isNumeric: false), .init(header: "Created", isNumeric: false), .init(header: "n"),
                .init(header: "R²"), .init(header: "RMSE"), .init(header: "MAE"), .init(header: "Data fingerprint", isNumeric: false),
                .init(header: "Gateway", isNumeric: false),
            ],
            rows: rows
        ).render()
    }
}
