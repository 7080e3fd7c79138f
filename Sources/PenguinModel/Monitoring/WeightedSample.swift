/// A sample given as its distinct values, ascending, each with how often it occurs: the shape SQL's
/// `GROUP BY number` returns, and the shape a training profile stores, so no statistic needs every row.
///
/// ## Topics
/// - ``init(counting:)``
/// - ``quantile(_:)``
public struct WeightedSample: Sendable, Hashable {
    /// Distinct, finite and strictly increasing.
    public let values: [Double]
    /// Positive, one per value.
    public let counts: [Int]
    /// The number of observations (the sum of ``counts``).
    public let total: Int

    /// A sample from distinct values and their counts; values are sorted here, zero counts dropped and equal
    /// values merged. Non-finite values are the caller's to refuse; they are dropped here.
    public init(values: [Double], counts: [Int]) {
        var merged: [Double: Int] = [:]
        for (value, count) in zip(values, counts) where value.isFinite && count > 0 { merged[value, default: 0] += count }
        self.init(counting: merged)
    }

    /// A sample from a dictionary of value → count.
    public init(counting counts: [Double: Int]) {
        let sorted = counts.filter { $0.value > 0 && $0.key.isFinite }.sorted { $0.key < $1.key }
        self.init(sortedValues: sorted.map(\.key), counts: sorted.map(\.value))
    }

    /// A sample of the given observations, each counted once.
    public init(_ observations: some Sequence<Double>) {
        var counts: [Double: Int] = [:]
        for value in observations { counts[value, default: 0] += 1 }
        self.init(counting: counts)
    }

    init(sortedValues values: [Double], counts: [Int]) {
        self.values = values
        self.counts = counts
        self.total = counts.reduce(0, +)
    }

    public var isEmpty: Bool { total == 0 }

    /// The `q` quantile as `numpy.quantile(x, q)` computes it by default (method `linear`, R's type 7):
    /// the value at 0-based rank (n − 1)·q, interpolated between the two ranks around it.
    public func quantile(_ q: Double) -> Double {
        precondition(!isEmpty, "the quantile of an empty sample")
        let position = Double(total - 1) * q
        let below = min(max(Int(position.rounded(.down)), 0), total - 1)
        let gamma = position - Double(below)
        let lower = value(atRank: below)
        let upper = value(atRank: min(below + 1, total - 1))
        // numpy's _lerp: from the nearer end, so the result never leaves [lower, upper].
        let difference = upper - lower
        return gamma >= 0.5 ? upper - difference * (1 - gamma) : lower + difference * gamma
    }

    /// The value at 0-based `rank` of the sorted observations.
    private func value(atRank rank: Int) -> Double {
        var seen = 0
        for (value, count) in zip(values, counts) {
            seen += count
            if rank < seen { return value }
        }
        return values[values.count - 1]
    }
}
