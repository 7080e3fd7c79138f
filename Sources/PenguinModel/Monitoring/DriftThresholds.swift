/// When a statistic counts as drift. The defaults are Evidently's documented ones (Wasserstein distance ÷
/// the training standard deviation ≥ 0.1; a test's p value < 0.05) and PSI's usual bands (≥ 0.1 moderate,
/// ≥ 0.2 major). Each is configurable and reported beside the statistic it judges.
public struct DriftThresholds: Sendable, Hashable, Codable {
    /// PSI at or above this is at least moderate drift.
    public var psiModerate: Double
    /// PSI at or above this is major drift.
    public var psiMajor: Double
    /// Wasserstein distance ÷ training standard deviation at or above this is (moderate) drift.
    public var wassersteinPerStandardDeviation: Double
    /// A KS or chi-square p value below this is (moderate) drift.
    public var pValue: Double

    public init(psiModerate: Double = 0.1, psiMajor: Double = 0.2, wassersteinPerStandardDeviation: Double = 0.1, pValue: Double = 0.05) {
        self.psiModerate = psiModerate
        self.psiMajor = psiMajor
        self.wassersteinPerStandardDeviation = wassersteinPerStandardDeviation
        self.pValue = pValue
    }

    public static let `default` = DriftThresholds()

    private enum CodingKeys: String, CodingKey {
        case psiModerate = "psi_moderate"
        case psiMajor = "psi_major"
        case wassersteinPerStandardDeviation = "wasserstein_per_std"
        case pValue = "p_value"
    }
}

/// How far live inputs have moved from the training data.
public enum DriftVerdict: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case none, moderate, major

    /// The verdict of a feature's statistics.
    ///
    /// Major exactly when PSI is in the major band. Moderate when PSI is in the moderate band, or when a test
    /// flags drift (KS or chi-square p below ``DriftThresholds/pValue``, or Wasserstein ÷ std at or above its
    /// threshold). The tests alone never make drift major: on thousands of live records their p values
    /// flag shifts too small to matter, while PSI measures how far the distribution moved. A statistic that
    /// could not be computed (nil) flags nothing.
    public static func of(psi: Double?, flaggedByTests: Bool, thresholds: DriftThresholds) -> DriftVerdict {
        if let psi, psi >= thresholds.psiMajor { return .major }
        if let psi, psi >= thresholds.psiModerate { return .moderate }
        return flaggedByTests ? .moderate : .none
    }

    public static func < (lhs: DriftVerdict, rhs: DriftVerdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
