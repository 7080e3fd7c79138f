/// The drift of one numeric feature's live sample against its training profile: every statistic the
/// monitor reports, and the verdict.
public struct NumericDrift: Sendable, Hashable {
    public let psi: Double
    public let kolmogorovSmirnov: KolmogorovSmirnov
    /// The Wasserstein distance ÷ the training population standard deviation (floored at 0.001).
    public let wassersteinPerStandardDeviation: Double
    public let liveCount: Int
    public let trainingCount: Int
    public let verdict: DriftVerdict

    /// The statistics of `live` against `profile`; nil for an empty live sample.
    public init?(live: WeightedSample, against profile: NumericProfile, thresholds: DriftThresholds = .default) {
        guard let psi = PopulationStability.index(of: live, against: profile),
              let test = KolmogorovSmirnov(profile.sample, live),
              let wasserstein = WassersteinDistance.normalised(live, against: profile) else { return nil }
        self.psi = psi
        kolmogorovSmirnov = test
        wassersteinPerStandardDeviation = wasserstein
        liveCount = live.total
        trainingCount = profile.n
        verdict = .of(
            psi: psi,
            flaggedByTests: test.pValue < thresholds.pValue || wasserstein >= thresholds.wassersteinPerStandardDeviation,
            thresholds: thresholds)
    }
}

/// The drift of one categorical feature's live level counts against its training profile.
public struct CategoricalDrift: Sendable, Hashable {
    public let psi: Double
    public let chiSquare: ChiSquareContingency
    public let liveCount: Int
    public let trainingCount: Int
    public let verdict: DriftVerdict

    /// The statistics of `live` (level → count) against `profile`; nil when there are no live records.
    public init?(live: [String: Int], against profile: CategoricalProfile, thresholds: DriftThresholds = .default) {
        guard let psi = PopulationStability.index(ofLevelCounts: live, against: profile),
              let test = ChiSquareContingency(live: live, against: profile) else { return nil }
        self.psi = psi
        chiSquare = test
        liveCount = live.values.reduce(0) { $0 + max($1, 0) }
        trainingCount = profile.n
        verdict = .of(psi: psi, flaggedByTests: test.pValue < thresholds.pValue, thresholds: thresholds)
    }
}
