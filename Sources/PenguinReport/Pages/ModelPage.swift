import PenguinStyle
import DataGateway
import PenguinModel

/// model.html: the served model as its card on the board describes it (formula, coefficients, fit),
/// how it scores today's data, and the board's history of versions and evaluations.
///
/// Nothing here is refitted: a page that refitted the labs' formula would describe a model nobody serves
/// as soon as a second formula is trained.
enum ModelPage {
    static func body(_ input: ReportInput) -> Markup {
        let served: Markup = if let card = input.servedCard { cardSections(card, input.penguins) } else {
            Blocks.note("The model board has no versions yet, so no model is served: run <code>penguins train</code>.")
        }
        return """
            <h1>Model</h1>
            \(served)
            <h2>Version history</h2>
            \(versionHistory(input.versionHistory, served: input.servedCard?.version))
            <h2>Metrics over time</h2>
            \(MetricsSection.render(input.metricsHistory))
            """
    }

    private static func cardSections(_ card: ModelCard, _ penguins: Penguins) -> Markup {
        let metrics = card.metrics
        let response = card.formula.response
        let unitText = Measure.named(response).map { " \($0.unit)" } ?? ""
        let unit: Markup = Measure.named(response).map { " <span class=\"unit\">\($0.unit)</span>" } ?? ""
        let references: [String] = card.terms.compactMap { term in
            term.levels.first.map { "\(term.name) = \($0)" }
        }
        return """
            <p class="lead">The model the server serves: version <code>\(card.version)</code>, trained \
            \(DateText.element(card.createdAt)) on \(NumberText.integer(card.trainingRows)) complete rows \
            (\(NumberText.integer(card.droppedRows)) left out for a missing value). Every number in this section \
            comes from its card on the model board. Categorical terms are dummy-coded against a reference \
            level\(references.isEmpty ? "" : " (\(references.joined(separator: ", ")))").</p>
            <h2>Formula</h2>
            <pre class="formula"><code>\(card.formula.description)</code></pre>
            <h2>Fit</h2>
            \(Blocks.tiles([
                .init(label: "R²", value: "\(NumberText.fixed(metrics.rSquared, decimals: 3))"),
                .init(label: "Adjusted R²", value: "\(NumberText.fixed(metrics.adjustedRSquared, decimals: 3))"),
                .init(label: "RMSE", value: "\(NumberText.fixed(metrics.rmse, decimals: 1))\(unit)"),
                .init(label: "MAE", value: "\(NumberText.fixed(metrics.mae, decimals: 1))\(unit)"),
                .init(label: "n", value: "\(NumberText.integer(metrics.n))"),
            ]))
            <p class="note">RMSE is √(SSE / n) and MAE the mean absolute residual, as scikit-learn reports them; \
            R's residual standard error is \(NumberText.fixed(metrics.sigma, decimals: 1))\(unitText) on \
            \(NumberText.integer(metrics.residualDegreesOfFreedom)) degrees of freedom.</p>
            <h2>Coefficients</h2>
            \(coefficientTable(card.coefficientEstimates, degreesOfFreedom: metrics.residualDegreesOfFreedom))
            <h2>Training data</h2>
            <p>Trained on \(TrainingDataCheck.phrase(card, penguins)).</p>
            <h2>Diagnostics on today’s data</h2>
            \(diagnostics(card, penguins))
            """
    }

    /// Predicted against actual and residuals, the served model scoring the current rows.
    private static func diagnostics(_ card: ModelCard, _ penguins: Penguins) -> Markup {
        let species = SpeciesSeries(penguins)
        let scored: ModelCharts.Scored
        do {
            scored = try ModelCharts.score(Predictor(card: card), penguins, species: species)
        } catch {
            return Blocks.note("The served model cannot score the current rows, so there are no diagnostics: \(String(describing: error)).")
        }
        let response = card.formula.response
        return """
            <div class="grid">
            \(Blocks.figure(ModelCharts.predictedAgainstActual(scored, response: response, species: species),
                caption: "Predicted against actual; points on the dashed line are predicted exactly."))
            \(Blocks.figure(ModelCharts.residualsAgainstFitted(scored, response: response, species: species),
                caption: "Residuals against fitted values; a pattern here would mean the model misses structure."))
            </div>
            """
    }

    private static func coefficientTable(_ estimates: [CoefficientEstimate], degreesOfFreedom: Int) -> Markup {
        let rows: [[Markup]] = estimates.map { row in
            [
                "<code>\(row.name)</code>", "\(NumberText.fixed(row.estimate, decimals: 2))",
                "\(NumberText.fixed(row.standardError, decimals: 2))", "\(NumberText.fixed(row.tValue, decimals: 2))",
                NumberText.pValue(row.pValue),
            ]
        }
        return HTMLTable(
            caption: "Estimates with standard errors, t statistics and two-sided p values (\(degreesOfFreedom) df)",
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
