/// The fit statistics a model card carries, so the board can compare versions without refitting.
public struct ModelMetrics: Sendable, Hashable, Codable {
    public let rSquared: Double
    public let adjustedRSquared: Double
    /// √(SSE / n).
    public let rmse: Double
    public let mae: Double
    /// The residual standard error √(SSE / (n − p)).
    public let sigma: Double
    public let n: Int
    public let residualDegreesOfFreedom: Int

    /// The card keeps the summary's headline numbers only; the coefficient table is rebuilt from the card.
    public init(_ summary: ModelSummary) {
        rSquared = summary.rSquared
        adjustedRSquared = summary.adjustedRSquared
        rmse = summary.rootMeanSquaredError
        mae = summary.meanAbsoluteError
        sigma = summary.residualStandardError
        n = summary.observations
        residualDegreesOfFreedom = summary.residualDegreesOfFreedom
    }

    private enum CodingKeys: String, CodingKey {
        case rSquared = "r2"
        case adjustedRSquared = "adj_r2"
        case rmse, mae, sigma, n
        case residualDegreesOfFreedom = "df_residual"
    }
}
