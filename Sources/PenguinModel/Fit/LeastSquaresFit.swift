import Foundation

/// The solution of an ordinary least-squares problem and the sums the summary statistics come from,
/// whichever solver (QR on rows, Cholesky on database aggregates) produced it.
public struct LeastSquaresFit: Sendable, Equatable {
    /// `(Intercept)` followed by the feature names.
    public let names: [String]
    /// Intercept first.
    public let coefficients: [Double]
    public let standardErrors: [Double]
    public let observations: Int
    /// Σ(y − ŷ)².
    public let residualSumOfSquares: Double
    /// Σ(y − ȳ)².
    public let totalSumOfSquares: Double

    /// Fails rather than carry a non-finite number into summaries, cards and SQL.
    init(
        names: [String], r: UpperTriangular, coefficients: [Double], observations: Int, residualSumOfSquares: Double,
        totalSumOfSquares: Double
    ) throws(ModelError) {
        self.names = names
        self.coefficients = coefficients
        self.observations = observations
        self.residualSumOfSquares = residualSumOfSquares
        self.totalSumOfSquares = totalSumOfSquares
        let variance = residualSumOfSquares / Double(observations - coefficients.count)
        self.standardErrors = r.inverseGramDiagonal().map { ($0 * variance).squareRoot() }
        if let bad = names.indices.first(where: { !coefficients[$0].isFinite || !standardErrors[$0].isFinite }) {
            throw .nonFiniteSolution(feature: names[bad])
        }
    }

    /// n − p, the denominator of the residual variance and the t distribution's degrees of freedom.
    public var residualDegreesOfFreedom: Int { observations - coefficients.count }

    /// The residual standard error √(SSE / (n − p)), R's `sigma`.
    public var sigma: Double { (residualSumOfSquares / Double(residualDegreesOfFreedom)).squareRoot() }

    public var rSquared: Double { 1 - residualSumOfSquares / totalSumOfSquares }

    public var adjustedRSquared: Double {
        1 - (1 - rSquared) * Double(observations - 1) / Double(residualDegreesOfFreedom)
    }

    /// √(SSE / n), as scikit-learn's `mean_squared_error` gives it (no degrees-of-freedom correction).
    public var rootMeanSquaredError: Double { (residualSumOfSquares / Double(observations)).squareRoot() }
}
