/// Student's t distribution, for the p values of the coefficient table.
public enum StudentT {
    /// P(T ≤ t) with `degreesOfFreedom` > 0.
    public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
        let tail = upperTail(abs(t), degreesOfFreedom: degreesOfFreedom)
        return t < 0 ? tail : 1 - tail
    }

    /// P(|T| ≥ |t|): the two-sided p value R prints as `Pr(>|t|)`, accurate in the far tail.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom: Double) -> Double {
        2 * upperTail(abs(t), degreesOfFreedom: degreesOfFreedom)
    }

    /// P(T ≥ t) for t ≥ 0, via P(T ≥ t) = ½ I_{ν/(ν+t²)}(ν/2, ½).
    private static func upperTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        let squared = t * t
        return 0.5 * IncompleteBeta.regularized(a: nu / 2, b: 0.5, x: nu / (nu + squared), complement: squared / (nu + squared))
    }
}
