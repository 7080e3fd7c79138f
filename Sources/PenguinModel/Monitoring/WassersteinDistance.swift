/// The first Wasserstein distance between two weighted samples, as `scipy.stats.wasserstein_distance(u, v,
/// u_weights, v_weights)` computes it in one dimension: the integral of |F_u − F_v| over the union of the
/// values, with each CDF the cumulative count ÷ the sample's total.
public enum WassersteinDistance {
    /// The distance; nil when either sample is empty.
    public static func between(_ u: WeightedSample, _ v: WeightedSample) -> Double? {
        guard !u.isEmpty, !v.isEmpty else { return nil }
        var distance = 0.0
        var previous: (value: Double, gap: Double)?
        // Between two consecutive values of the union both CDFs are constant.
        WeightedSample.forEachUnionValue(u, v) { value, uSeen, vSeen in
            if let previous { distance += previous.gap * (value - previous.value) }
            previous = (value, abs(Double(uSeen) / Double(u.total) - Double(vSeen) / Double(v.total)))
        }
        return distance
    }

    /// The distance of a live sample from a numeric term's training sample, divided by the training
    /// population standard deviation (``NumericProfile/standardDeviation``, ddof = 0) floored at 0.001, as
    /// Evidently's `wasserstein` test normalises it; nil for an empty live sample.
    public static func normalised(_ live: WeightedSample, against profile: NumericProfile) -> Double? {
        between(profile.sample, live).map { $0 / max(profile.standardDeviation, 0.001) }
    }
}
