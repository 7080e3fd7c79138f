import Foundation

/// One row of the coefficient table.
public struct CoefficientEstimate: Sendable, Equatable {
    public let name: String
    public let estimate: Double
    public let standardError: Double
    public let tValue: Double
    /// Two-sided, from Student's t with the residual degrees of freedom.
    public let pValue: Double

    /// The row for one coefficient: t is the estimate over its standard error, p is two-sided.
    public init(name: String, estimate: Double, standardError: Double, residualDegreesOfFreedom: Int) {
        let t = estimate / standardError
        self.name = name
        self.estimate = estimate
        self.standardError = standardError
        self.tValue = t
        self.pValue = StudentT.twoSidedPValue(t, degreesOfFreedom: Double(residualDegreesOfFreedom))
    }
}

/// What R's `summary(lm)` reports, so the CLI and the report speak the statistician's language, plus the
/// RMSE and MAE that the labs' scikit-learn notebooks print.
public struct ModelSummary: Sendable, Equatable, CustomStringConvertible {
    public let formula: Formula
    public let coefficients: [CoefficientEstimate]
    public let rSquared: Double
    public let adjustedRSquared: Double
    /// √(SSE / (n − p)), R's "Residual standard error".
    public let residualStandardError: Double
    /// √(SSE / n), scikit-learn's convention.
    public let rootMeanSquaredError: Double
    public let meanAbsoluteError: Double
    public let observations: Int
    public let residualDegreesOfFreedom: Int
    /// Rows left out because a used column was missing.
    public let droppedRows: Int

    /// Summarises a fit; the MAE comes from the residuals, which the fit itself does not keep.
    public init(fit: LeastSquaresFit, formula: Formula, meanAbsoluteError: Double, droppedRows: Int) {
        self.formula = formula
        self.coefficients = fit.names.indices.map { index in
            CoefficientEstimate(
                name: fit.names[index], estimate: fit.coefficients[index], standardError: fit.standardErrors[index],
                residualDegreesOfFreedom: fit.residualDegreesOfFreedom)
        }
        self.rSquared = fit.rSquared
        self.adjustedRSquared = fit.adjustedRSquared
        self.residualStandardError = fit.sigma
        self.rootMeanSquaredError = fit.rootMeanSquaredError
        self.meanAbsoluteError = meanAbsoluteError
        self.observations = fit.observations
        self.residualDegreesOfFreedom = fit.residualDegreesOfFreedom
        self.droppedRows = droppedRows
    }

    public var description: String { render() }

    /// An R-style text table for the terminal.
    public func render() -> String {
        let header = ["", "Estimate", "Std. Error", "t value", "Pr(>|t|)", ""]
        let rows = coefficients.map { row in
            [
                row.name, String(format: "%.4f", row.estimate), String(format: "%.4f", row.standardError),
                String(format: "%.3f", row.tValue), Self.formatPValue(row.pValue), Self.stars(row.pValue),
            ]
        }
        let table = [header] + rows
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        let lines = table.map { cells in
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return column == 0 || column == cells.count - 1 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: " ")
        }.map { line in
            String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        return """
            Formula: \(formula)

            Coefficients:
            \(lines.joined(separator: "\n"))
            ---
            Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1

            Residual standard error: \(String(format: "%.4g", residualStandardError)) on \(residualDegreesOfFreedom) degrees of freedom
            Multiple R-squared:  \(String(format: "%.4f", rSquared)),\tAdjusted R-squared:  \(String(format: "%.4f", adjustedRSquared))
            RMSE: \(String(format: "%.4f", rootMeanSquaredError)),  MAE: \(String(format: "%.4f", meanAbsoluteError))
            n = \(observations) (\(droppedRows) rows dropped for missing values)
            """
    }

    /// R's `format.pval`: below machine precision it prints `<2e-16` rather than a meaningless digit string.
    private static func formatPValue(_ p: Double) -> String {
        p < 2e-16 ? "<2e-16" : String(format: "%.3g", p)
    }

    private static func stars(_ p: Double) -> String {
        switch p {
        case ..<0.001: "***"
        case ..<0.01: "**"
        case ..<0.05: "*"
        case ..<0.1: "."
        default: ""
        }
    }
}
