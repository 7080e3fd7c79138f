import Foundation

/// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) ÷ Γ(a), the survival function of the
/// chi-square distribution: P(χ²_k > x) = Q(k/2, x/2), as `scipy.special.gammaincc` and `chi2.sf` give it.
///
/// Evaluated as Numerical Recipes §6.2 does: the series for P(a, x) when x < a + 1, else the continued
/// fraction for Q(a, x) with the modified Lentz method, which keeps small upper tails (a p value of 1e-100)
/// to many significant digits instead of computing 1 − P.
enum IncompleteGamma {
    /// Q(a, x) for a > 0 and x ≥ 0.
    static func upperRegularized(a: Double, x: Double) -> Double {
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        let logFront = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            return 1 - exp(logFront) * series(a: a, x: x)
        }
        return exp(logFront) * continuedFraction(a: a, x: x)
    }

    /// Σ xⁿ ÷ (a (a+1) … (a+n)), so that P(a, x) = e^{−x} xᵃ ÷ Γ(a) · the sum.
    private static func series(a: Double, x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        for _ in 0..<100_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum
    }

    /// The continued fraction 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − …)).
    private static func continuedFraction(a: Double, x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
