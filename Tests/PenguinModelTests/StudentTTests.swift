@testable import PenguinModel
import TestSupport
import Testing

/// Values from scipy 1.17.1 (`stats.t.cdf`, `2 * stats.t.sf(abs(t), df)`), printed by
/// `bench/reference/fit_reference.py`.
@Suite struct StudentTTests {
    @Test(arguments: [
        (0.0, 10.0, 0.5, 1.0),
        (1.0, 1.0, 0.75, 0.5000000000000001),
        (2.0, 5.0, 0.9490302605850708, 0.10193947882985835),
        (-1.5, 3.0, 0.11529193262241147, 0.23058386524482294),
        (2.5, 329.0, 0.9935471413930784, 0.012905717213843145),
        (-3.7, 30.0, 0.0004322999266236452, 0.0008645998532472904),
    ])
    func cdfMatchesScipy(t: Double, degreesOfFreedom: Double, cdf: Double, pValue: Double) {
        #expect(relativeError(StudentT.cdf(t, degreesOfFreedom: degreesOfFreedom), cdf) < 1e-12)
        #expect(relativeError(StudentT.twoSidedPValue(t, degreesOfFreedom: degreesOfFreedom), pValue) < 1e-12)
    }

    @Test(arguments: [(10.0, 9.874755763018399e-21), (40.0, 2.1131124589049634e-128)])
    func farTailKeepsRelativeAccuracy(t: Double, pValue: Double) {
        #expect(relativeError(StudentT.twoSidedPValue(t, degreesOfFreedom: 329), pValue) < 1e-9)
        #expect(StudentT.twoSidedPValue(-t, degreesOfFreedom: 329) == StudentT.twoSidedPValue(t, degreesOfFreedom: 329))
    }

    @Test func infiniteTHasZeroPValue() {
        #expect(StudentT.twoSidedPValue(.infinity, degreesOfFreedom: 5) == 0)
        #expect(StudentT.cdf(-.infinity, degreesOfFreedom: 5) == 0)
    }

    @Test func incompleteBetaAtKnownPoints() {
        // I_x(1, 1) = x and I_x(a, 1) = x^a.
        #expect(abs(IncompleteBeta.regularized(a: 1, b: 1, x: 0.3, complement: 0.7) - 0.3) < 1e-14)
        #expect(abs(IncompleteBeta.regularized(a: 3, b: 1, x: 0.5, complement: 0.5) - 0.125) < 1e-14)
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: 0, complement: 1) == 0)
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: 1, complement: 0) == 1)
    }
}
