import Foundation

/// Axis ticks at round numbers (steps of 1, 2 or 5 times a power of ten), the way a person would label
/// an axis by hand, with the domain widened to the outer ticks so no data sits beyond the last label.
struct NiceTicks: Sendable, Equatable {
    let step: Double
    /// The tick values, first to last; each an exact multiple of `step` after rounding.
    let values: [Double]
    /// Decimals that print every tick exactly and no more.
    let decimals: Int

    var lower: Double { values.first! }
    var upper: Double { values.last! }

    /// Ticks covering `lower...upper` with about `count` intervals. `integer` forbids steps below 1, for counts.
    init(covering lower: Double, _ upper: Double, count: Int = 5, integer: Bool = false) {
        precondition(lower.isFinite && upper.isFinite && lower <= upper, "ticks need a finite, ordered range")
        precondition(count >= 1, "ticks need at least one interval")
        var (low, high) = (lower, upper)
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        var step = Self.niceStep((high - low) / Double(count))
        if integer { step = max(step, 1) }
        let first = Self.snapped(low / step, .down)
        let last = Self.snapped(high / step, .up)
        let decimals = Self.decimals(of: step)
        let scale = pow(10, Double(decimals))
        self.step = step
        self.values = stride(from: first, through: last, by: 1).map { ($0 * step * scale).rounded() / scale }
        self.decimals = decimals
    }

    /// The step of 1, 2, 5 or 10 times a power of ten nearest to `raw` on a log scale (the cut-offs are the
    /// geometric means √2, √10 and √50), so the tick count stays near the one asked for.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, log10(raw).rounded(.down))
        let residual = raw / magnitude
        let factor: Double =
            switch residual {
            case Double(50).squareRoot()...: 10
            case Double(10).squareRoot()...: 5
            case Double(2).squareRoot()...: 2
            default: 1
            }
        return factor * magnitude
    }

    /// The decimals that print multiples of `step` exactly: 0 for 5, 1 for 0.5, 2 for 0.02.
    static func decimals(of step: Double) -> Int {
        max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    }

    /// Floating-point division leaves 2.9999999999999996 where 3 was meant; such near-integers count as integers.
    private static let tolerance = 1e-9

    private static func snapped(_ quotient: Double, _ rule: FloatingPointRoundingRule) -> Double {
        let nearest = quotient.rounded()
        return abs(quotient - nearest) < tolerance ? nearest : quotient.rounded(rule)
    }
}
