import Foundation

/// One row of `model_metrics`: how a model version scored on one metric at one evaluation, so the model
/// page can show drift over time.
public struct MetricPoint: Sendable, Equatable {
    public var version: String
    /// The metric's name as stored, e.g. `rmse`, `mae` or `r2`.
    public var metric: String
    public var value: Double
    /// Rows the evaluation scored.
    public var n: Int
    public var at: Date

    public init(version: String, metric: String, value: Double, n: Int, at: Date) {
        self.version = version
        self.metric = metric
        self.value = value
        self.n = n
        self.at = at
    }
}
