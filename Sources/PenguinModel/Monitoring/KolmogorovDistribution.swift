import Foundation

/// The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ, P(Dₙ > x), as
/// `scipy.stats.kstwo.sf(x, n)` computes it (Simard and L'Ecuyer's choice of method by n and n·x², in
/// SciPy's `_kolmogn`): Ruben–Gambino's closed forms at the ends, twice the one-sided Smirnov tail where it
/// is exact or the upper tail is small, else 1 − the CDF by Durbin's matrix (Marsaglia–Tsang–Wang),
/// Pomeranz's recursion (n ≤ 140) or the Pelz–Good expansion.
///
/// ``KolmogorovSmirnov`` uses it for two samples too large for the exact path, at n = round(n₁n₂ ÷ (n₁ + n₂)).
enum KolmogorovDistribution {
    static func survival(_ n: Int, _ x: Double) -> Double {
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let count = Double(n)
        let t = count * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            let cdf: Double
            if n <= 140 {
                cdf = (1...n).reduce(1.0) { $0 * (Double($1) * (1.0 / count) * (2 * t - 1)) }
            } else {
                cdf = exp(logFactorialOverPower(n) + count * log(2 * t - 1))
            }
            return clip(1 - cdf)
        }
        if t >= count - 1 { return clip(2 * pow(1 - x, count)) }
        if x >= 0.5 { return clip(2 * smirnov(n, x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 { return clip(1 - durbin(n, x)) }
            if nxSquared <= 4 { return clip(1 - pomeranz(n, x)) }
            return clip(2 * smirnov(n, x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clip(2 * smirnov(n, x)) }
        let cdf: Double
        if nxSquared >= 18 {
            cdf = 1
        } else if n <= 100_000 && count * pow(x, 1.5) <= 1.4 {
            cdf = durbin(n, x)
        } else {
            cdf = pelzGood(n, x)
        }
        return clip(1 - cdf)
    }

    private static func clip(_ p: Double) -> Double { min(max(p, 0), 1) }

    private static let scale = 0x1p128
    private static let inverseScale = 0x1p-128

    /// log(n! ÷ nⁿ) by Stirling's series.
    private static func logFactorialOverPower(_ n: Int) -> Double {
        let coefficients = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
                            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
                            -2.7777777777777777778e-3, 8.3333333333333333333e-2]
        let count = Double(n), reciprocal = 1.0 / count
        let polynomial = coefficients.reduce(0.0) { $0 * (reciprocal / count) + $1 }
        return log(count) / 2 - count + log(2 * Double.pi) / 2 + reciprocal * polynomial
    }

    /// The one-sided Smirnov tail P(Dₙ⁺ ≥ x) (`scipy.special.smirnov`): x · Σᵥ C(n, v) (1 − x − v/n)ⁿ⁻ᵛ
    /// (x + v/n)ᵛ⁻¹ over v ≤ n(1 − x), every term positive and summed in logs, with Cephes' special cases.
    static func smirnov(_ n: Int, _ x: Double) -> Double {
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let count = Double(n)
        let nx = count * x
        if nx <= 1 { return 1 - x * pow(1 + x, count - 1) }
        if -2 * count * x * x < -708.3964185322641 { return 0 }
        if Int(nx.rounded(.down)) >= n - 1 { return pow(1 - x, count) }
        if n > 1_000_000 {
            let logP = -pow(6 * count * x + 1, 2) / 18 / count
            return logP < -log(2.0) ? exp(logP) : 1 + expm1(logP)
        }
        let logN: Double = lgamma(count + 1)
        var sum = 0.0
        var v = 0
        while Double(v) < count * (1 - x) {
            let remainder = 1 - x - Double(v) / count
            if remainder <= 0 { break }
            let term: Double = logN - lgamma(Double(v) + 1) - lgamma(count - Double(v) + 1)
                + (count - Double(v)) * log(remainder) + Double(v - 1) * log(x + Double(v) / count)
            sum += exp(term)
            v += 1
        }
        return min(max(x * sum, 0), 1)
    }

    /// P(Dₙ ≤ d) by Durbin's matrix: the (k, k) entry of Hⁿ times n! ÷ nⁿ, with powers of 2 split off so
    /// nothing overflows (Marsaglia, Tsang and Wang 2003).
    private static func durbin(_ n: Int, _ d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var v = (1...m).map { 1 - pow(h, Double($0)) }
        var w = [Double](repeating: 0, count: m)
        var factorial = 1.0
        for j in 1...m {
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] *= factorial
        }
        v[m - 1] = (1 + pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))) * factorial
        var matrix = [Double](repeating: 0, count: m * m)
        for column in 1..<m {
            for row in (column - 1)..<m { matrix[row * m + column] = w[row - column + 1] }
        }
        for row in 0..<m { matrix[row * m] = v[row] }
        for column in 0..<m { matrix[(m - 1) * m + column] = v[m - 1 - column] }
        var power = [Double](repeating: 0, count: m * m)
        for index in 0..<m { power[index * m + index] = 1 }
        var remaining = n, exponent = 0, matrixExponent = 0
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = multiply(power, matrix, m)
                exponent += matrixExponent
            }
            matrix = multiply(matrix, matrix, m)
            matrixExponent *= 2
            if abs(matrix[(k - 1) * m + k - 1]) > scale {
                matrix = matrix.map { $0 / scale }
                matrixExponent += 128
            }
            remaining /= 2
        }
        var p = power[(k - 1) * m + k - 1]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < inverseScale {
                p *= scale
                exponent -= 128
            }
        }
        return exponent == 0 ? p : scalbn(p, exponent)
    }

    private static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
        var product = [Double](repeating: 0, count: m * m)
        for row in 0..<m {
            for inner in 0..<m {
                let left = a[row * m + inner]
                if left == 0 { continue }
                for column in 0..<m { product[row * m + column] += left * b[inner * m + column] }
            }
        }
        return product
    }

    /// P(Dₙ ≤ x) by Pomeranz's recursion (1974), convolving with powers of g/n, 2g/n and (1 − 2g)/n.
    private static func pomeranz(_ n: Int, _ x: Double) -> Double {
        let t = Double(n) * x
        let whole = Int(t.rounded(.down))
        let fraction = t - Double(whole)
        let g = min(fraction, 1 - fraction)
        let ceilF = fraction > 0 ? 1 : 0, roundF = fraction > 0.5 ? 1 : 0
        let powers = 2 * (whole + 1)
        var gPower = [Double](repeating: 1, count: powers)
        var twoGPower = gPower, oneMinusTwoGPower = gPower
        for m in 1..<powers {
            gPower[m] = gPower[m - 1] * (g / Double(n)) / Double(m)
            twoGPower[m] = twoGPower[m - 1] * (2 * g / Double(n)) / Double(m)
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * ((1 - 2 * g) / Double(n)) / Double(m)
        }
        func bounds(_ i: Int) -> (Int, Int) {
            var j1: Int, j2: Int
            if i == 0 {
                (j1, j2) = (-whole - ceilF - 1, whole + ceilF - 1)
            } else {
                let half = (i + 1) / 2
                if (i + 1) % 2 == 0 {
                    if half == n + 1 {
                        (j1, j2) = (n - whole - ceilF - 1, n + whole + ceilF - 1)
                    } else {
                        (j1, j2) = (half - 1 - whole - roundF - 1, half + whole - 1 + ceilF - 1)
                    }
                } else {
                    (j1, j2) = (half - 1 - whole - 1, half + whole + roundF - 1)
                }
            }
            return (max(j1 + 2, 0), min(j2, n))
        }
        var previous = [Double](repeating: 0, count: powers)
        var current = previous
        current[0] = 1
        var previousStart = 0, currentStart = 0, exponent = 0
        var (j1, j2) = bounds(0)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&previous, &current)
            swap(&previousStart, &currentStart)
            for index in current.indices { current[index] = 0 }
            (j1, j2) = bounds(i)
            let weights = i == 1 || i == 2 * n + 1 ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower)
            let span = j2 - k1 + 1
            guard span > 0 else { continue }
            // numpy.convolve(previous[offset ..< offset + span], weights[..< span]), both slices clipped to
            // the arrays as numpy clips them.
            let offset = max(k1 - previousStart, 0)
            let sourceCount = max(min(span, previous.count - offset), 0)
            let weightCount = min(span, weights.count)
            for index in 0..<min(j2 - j1 + 1, current.count) {
                let target = index + j1 - k1
                var sum = 0.0
                for source in 0..<sourceCount where target - source >= 0 && target - source < weightCount {
                    sum += previous[offset + source] * weights[target - source]
                }
                current[index] = sum
            }
            if let largest = current.max(), largest > 0, largest < inverseScale {
                current = current.map { $0 * scale }
                exponent -= 128
            }
            currentStart = previousStart + j1 - k1
        }
        var answer = current[n - currentStart]
        for m in 1...n {
            if abs(answer) > scale {
                answer *= inverseScale
                exponent += 128
            }
            answer *= Double(m)
        }
        return exponent == 0 ? answer : scalbn(answer, exponent)
    }

    /// P(Dₙ ≤ x) by the Pelz–Good expansion in 1/√n (1976), its terms as Jacobi theta series.
    private static func pelzGood(_ n: Int, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let piSquared = Double.pi * Double.pi, piFour = piSquared * piSquared, piSix = piFour * piSquared
        let sqrtTwoPi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qLog = -piSquared / 8 / z2
        if qLog < -708 { return 0 }
        var q = exp(qLog)
        let k1a = -z2, k1b = piSquared / 4
        let k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * piSquared / 4, k2c = piFour * (1 - 2 * z2) / 16
        let k3d = piSix * (5 - 30 * z2) / 64, k3c = piFour * (-60 * z2 + 212 * z4) / 16
        let k3b = piSquared * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * pow(z, 8)
        var terms = [0.0, 0.0, 0.0, 0.0]
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        for k in stride(from: maxK, to: 0, by: -1) {
            let m = Double(2 * k - 1)
            let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
            let qPower = pow(q, Double(8 * k))
            let coefficients = [1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6]
            for index in 0..<4 { terms[index] = terms[index] * qPower + coefficients[index] }
        }
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for index in 0..<4 { terms[index] = terms[index] * q * sqrtTwoPi / divisors[index] }
        q = exp(-piSquared / 2 / z2)
        var k2Extra = 0.0, k3Extra = 0.0
        let sqrt3z = 3.0.squareRoot() * z
        for k in stride(from: maxK, to: 0, by: -1) {
            let kk = Double(k), kSquared = kk * kk
            let qPower = pow(q, kSquared)
            k2Extra += kSquared * qPower
            k3Extra += (sqrt3z + Double.pi * kk) * (sqrt3z - Double.pi * kk) * kSquared * qPower
        }
        terms[2] += k2Extra * piSquared * sqrtTwoPi / (-36 * z3)
        terms[3] += k3Extra * piSquared * sqrtTwoPi / (216 * z6)
        for index in 0..<4 { terms[index] /= pow(Double(n), Double(index) / 2) }
        return terms.reduce(0, +)
    }
}
