import Foundation

/// The regularized incomplete beta function I_x(a, b), the building block of the t (and F) distribution.
///
/// Evaluated by the continued fraction of Numerical Recipes §6.4 with the modified Lentz method. The caller
/// passes both x and 1 − x so that tail probabilities near 0 keep their relative accuracy (a p value of
/// 1e-38 is still right to many digits, as R and scipy report it).
enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and x + complement = 1.
    static func regularized(a: Double, b: Double, x: Double, complement: Double) -> Double {
        if x <= 0 { return 0 }
        if complement <= 0 { return 1 }
        let logFront = a * log(x) + b * log(complement) + lgamma(a + b) - lgamma(a) - lgamma(b)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: complement) / b
    }

    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let sum = a + b
        let aPlusOne = a + 1
        let aMinusOne = a - 1
        var c = 1.0
        var d = 1 - sum * x / aPlusOne
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let twoM = 2 * m
            // Even step.
            var term = m * (b - m) * x / ((aMinusOne + twoM) * (a + twoM))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            term = -(a + m) * (sum + m) * x / ((a + twoM) * (aPlusOne + twoM))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
