import Foundation

/// The two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(a, b)` computes it by default
/// (`method="auto"`), on weighted samples.
///
/// The statistic is the largest difference of the two empirical CDFs, evaluated at every value of either
/// sample. With `auto`, SciPy takes the exact path when neither sample has more than 10,000 observations:
/// the statistic is rounded to a multiple of 1 ÷ lcm(n₁, n₂) and the p value is the exact probability of
/// a lattice path leaving the band (n₁ = n₂: the reflection sum of `_compute_prob_outside_square`; else
/// Hodges' inside method as `_compute_outer_prob_inside_method` runs it, computing 1 − p directly,
/// Viehmann 2021). If that is not a probability it falls back, as SciPy does, to the asymptotic path:
/// the one-sample Kolmogorov distribution's survival function at n = round(n₁n₂ ÷ (n₁ + n₂))
/// (``KolmogorovDistribution``).
public struct KolmogorovSmirnov: Sendable, Hashable {
    /// SciPy's `MAX_AUTO_N`: the largest sample `auto` computes exactly.
    public static let maximumExactSize = 10_000

    public let statistic: Double
    public let pValue: Double
    /// Whether the p value came from the exact distribution (else the asymptotic one).
    public let isExact: Bool

    /// The test of two samples; nil when either is empty.
    public init?(_ first: WeightedSample, _ second: WeightedSample) {
        guard !first.isEmpty, !second.isEmpty else { return nil }
        let n1 = first.total, n2 = second.total
        var d = Self.largestCDFDifference(first, second)
        if max(n1, n2) <= Self.maximumExactSize, let exact = Self.exact(n1: n1, n2: n2, d: d) {
            (statistic, pValue, isExact) = (exact.d, exact.p, true)
            return
        }
        // The asymptotic path keeps the statistic unrounded, as SciPy does when it starts there; after a
        // failed exact attempt SciPy has already rounded it.
        if max(n1, n2) <= Self.maximumExactSize { d = Self.rounded(d, n1: n1, n2: n2).d }
        let (m, n) = (Double(max(n1, n2)), Double(min(n1, n2)))
        let effective = (m * n / (m + n)).rounded(.toNearestOrEven)
        statistic = d
        pValue = min(max(KolmogorovDistribution.survival(Int(effective), d), 0), 1)
        isExact = false
    }

    /// max |F₁ − F₂| as SciPy forms it: the larger of max(F₁ − F₂) and max(F₂ − F₁) clipped to [0, 1].
    static func largestCDFDifference(_ first: WeightedSample, _ second: WeightedSample) -> Double {
        var largest = -Double.infinity, smallest = Double.infinity
        WeightedSample.forEachUnionValue(first, second) { _, seen1, seen2 in
            let difference = Double(seen1) / Double(first.total) - Double(seen2) / Double(second.total)
            largest = max(largest, difference)
            smallest = min(smallest, difference)
        }
        let below = min(max(-smallest, 0), 1)
        return below > largest ? below : largest
    }

    /// h = round(d · lcm) and d = h ÷ lcm, as `_attempt_exact_2kssamp` rounds the statistic.
    private static func rounded(_ d: Double, n1: Int, n2: Int) -> (d: Double, h: Int, lcm: Int) {
        let lcm = (n1 / gcd(n1, n2)) * n2
        let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
        return (Double(h) / Double(lcm), h, lcm)
    }

    /// SciPy's exact two-sided p value, or nil when the computation does not give a probability.
    private static func exact(n1: Int, n2: Int, d: Double) -> (d: Double, p: Double)? {
        let (d, h, _) = rounded(d, n1: n1, n2: n2)
        if h == 0 { return (d, 1) }
        let p = n1 == n2 ? probabilityOutsideSquare(n: n1, h: h) : outerProbabilityInside(n1, n2, g: gcd(n1, n2), h: h)
        guard p >= 0, p <= 1 else { return nil }
        return (d, p)
    }

    /// P(D ≥ h/n) for two samples of n: 2 · (A₀(1 − A₁(1 − A₂(…)))), each Aₖ a ratio of binomials
    /// built factor by factor, evaluated from the innermost term out.
    private static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var factor = 1.0
            for j in 0..<h { factor = Double(n - k * h - j) * factor / Double(n + k * h + j + 1) }
            p = factor * (1 - p)
            k -= 1
        }
        return 2 * p
    }

    /// The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h ÷ lcm, by the
    /// column recursion on 1 − share (SciPy's `_compute_outer_prob_inside_method`).
    private static func outerProbabilityInside(_ first: Int, _ second: Int, g: Int, h: Int) -> Double {
        let (m, n) = (max(first, second), min(first, second))
        let mg = m / g, ng = n / g
        var minj = 0
        var maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var currentLength = maxj - minj
        let length = min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1, count: length)
        for index in minj..<min(maxj, length) { a[index] = 0 }
        for i in 1...m {
            let lastMinj = minj, lastLength = currentLength
            minj = min(max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0), n)
            maxj = min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
            if maxj <= minj { return 1 }
            var value = minj == 0 ? 0.0 : 1.0
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                value = (a[jj + minj - lastMinj] * Double(i) + value * Double(j)) / Double(i + j)
                a[jj] = value
            }
            currentLength = maxj - minj
            if lastLength > currentLength {
                for index in currentLength..<min(currentLength + lastLength - currentLength, length) { a[index] = 1 }
            }
        }
        return a[maxj - minj - 1]
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
