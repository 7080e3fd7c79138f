/// What a numeric term looked like in the training rows: enough to compute PSI, KS and the normed
/// Wasserstein distance of live inputs against it without the training table.
public struct NumericProfile: Sendable, Hashable {
    /// The most distinct values a reference sample keeps. Up to this many (the penguins have at most a few
    /// hundred per column) the sample is the training column itself, as distinct values with counts; beyond
    /// it, ``ValueCounter`` summarises it (``sampleIsExact`` is then false).
    public static let maximumSampleSize = 4_096

    public let name: String
    /// The number of complete-case training rows.
    public let n: Int
    public let mean: Double
    /// The population standard deviation (ddof = 0, `numpy.std`'s default), which Evidently divides the
    /// Wasserstein distance by.
    public let standardDeviation: Double
    public let bins: QuantileBins
    /// The share of training rows in each bin; they sum to 1.
    public let shares: [Double]
    /// The reference sample for KS and Wasserstein.
    public let sample: WeightedSample
    /// Whether ``sample`` is the training column exactly rather than a bounded summary of it.
    public let sampleIsExact: Bool

    public init(name: String, n: Int, mean: Double, standardDeviation: Double, bins: QuantileBins, shares: [Double],
                sample: WeightedSample, sampleIsExact: Bool) {
        self.name = name
        self.n = n
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.bins = bins
        self.shares = shares
        self.sample = sample
        self.sampleIsExact = sampleIsExact
    }
}

/// What a categorical term looked like in the training rows: each level's count, in the term's level order.
public struct CategoricalProfile: Sendable, Hashable {
    public let name: String
    public let levels: [String]
    public let counts: [Int]

    public init(name: String, levels: [String], counts: [Int]) {
        self.name = name
        self.levels = levels
        self.counts = counts
    }

    /// The number of complete-case training rows.
    public var n: Int { counts.reduce(0, +) }
}
