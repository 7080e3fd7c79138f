/// The bins a numeric term's PSI is computed over: the training data's deciles.
///
/// Evidently's documented PSI (`get_binned_data`, in the versions that bin by the reference's quantiles)
/// cuts the reference with `pd.qcut(reference, n, duplicates="drop")`, i.e. `numpy.quantile` at
/// 0, 1/n, …, 1 (method `linear`) with repeated edges dropped, and counts with `numpy.histogram`: bin i is
/// [edgeᵢ, edgeᵢ₊₁), the last one closed. Here n = 10, and the two outer bins are open-ended (−∞ and +∞),
/// because live inputs outside the training range are the drift to see: `numpy.histogram` would silently
/// drop them. A value's bin is therefore the number of interior edges ≤ it
/// (`numpy.searchsorted(edges[1:-1], x, side="right")`); for training values this is `numpy.histogram`'s
/// bin exactly.
public struct QuantileBins: Sendable, Hashable {
    /// How many quantile bins a profile asks for; ties in the training data can leave fewer.
    public static let binCount = 10

    /// Strictly increasing: the distinct training quantiles at 0, 0.1, …, 1. One edge means one bin.
    public let edges: [Double]

    public init(edges: [Double]) { self.edges = edges }

    /// The deciles of `sample` (not empty), with repeated edges dropped.
    public init(deciles sample: WeightedSample) {
        var edges: [Double] = []
        for index in 0...Self.binCount {
            // numpy.linspace(0, 1, 11) computes i * 0.1 and sets the last point to exactly 1.
            let q = index == Self.binCount ? 1.0 : Double(index) * (1.0 / Double(Self.binCount))
            let edge = sample.quantile(q)
            if edges.last != edge { edges.append(edge) }
        }
        self.edges = edges
    }

    /// The number of bins: one fewer than the edges, and one when all training values were equal.
    public var count: Int { max(edges.count - 1, 1) }

    /// The 0-based bin of `value`.
    public func bin(of value: Double) -> Int {
        // Binary search for the number of interior edges (edges[1..<count]) that are ≤ value.
        var low = 1, high = edges.count - 1
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// The count of `sample` in each bin.
    public func counts(of sample: WeightedSample) -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        for (value, weight) in zip(sample.values, sample.counts) { counts[bin(of: value)] += weight }
        return counts
    }
}
