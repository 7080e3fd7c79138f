import DataGateway
import Foundation
import TestSupport
import Testing

@testable import PenguinModel

/// Issue 13 §2: every drift statistic matches SciPy (and PSI Evidently's definition) on the same data to 1e-9.
///
/// The literals are what `bench/reference/drift.py` printed (Python 3.11.7, numpy 2.4.6, scipy 1.17.1) for
/// the labs' training rows against fixed live samples; regenerate them with
///
///     python3 bench/reference/drift.py migrations/0002_palmer_penguins.penguins.csv
@Suite("Drift statistics against SciPy")
struct DriftStatisticsTests {
    /// Within 1e-9 relative, or 1e-12 absolute for values that are (near) zero.
    private func expectClose(_ actual: Double?, _ expected: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let actual else {
            Issue.record("\(what): nil, expected \(expected)", sourceLocation: sourceLocation)
            return
        }
        let error = abs(actual - expected)
        #expect(error <= 1e-9 * abs(expected) || error <= 1e-12, "\(what): \(actual), SciPy \(expected)", sourceLocation: sourceLocation)
    }

    private func billProfile() throws -> NumericProfile {
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "t")
        guard case .numeric(let bill)? = card.profile?.feature(named: "bill_length_mm") else { throw TestFailure.noProfile }
        return bill
    }

    private func categoricalProfile(_ name: String) throws -> CategoricalProfile {
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "t")
        guard case .categorical(let profile)? = card.profile?.feature(named: name) else { throw TestFailure.noProfile }
        return profile
    }

    private enum TestFailure: Error { case noProfile }

    /// The training sample with every value moved by `shift` (to two decimals, as the script rounds) and
    /// every count multiplied by `times`.
    private func moved(_ sample: WeightedSample, by shift: Double, times: Int = 1) -> WeightedSample {
        WeightedSample(values: sample.values.map { (($0 + shift) * 100).rounded() / 100 }, counts: sample.counts.map { $0 * times })
    }

    /// The live samples of the script, by name.
    private func liveSamples(_ bill: NumericProfile) -> [String: WeightedSample] {
        [
            "shifted": WeightedSample(values: (0..<11).map { 55.0 + 0.5 * Double($0) }, counts: (0..<11).map { 1 + $0 % 3 }),
            "same": bill.sample,
            "nudged": moved(bill.sample, by: 1.0),
            "ties": WeightedSample(values: [40.0, 45.0, 50.0], counts: [20, 30, 10]),
            "tiny": WeightedSample([39.1, 50.2, 46.0]),
            "large": moved(bill.sample, by: 0.4, times: 31),
            "large_far": moved(bill.sample, by: 3.0, times: 31),
            "large_near": moved(bill.sample, by: 0.1, times: 31),
        ]
    }

    @Test("PSI, KS statistic and p (exact and asymptotic paths), and Wasserstein ÷ std of numeric samples match SciPy",
          arguments: [
            ("shifted", 21, 8.131087640470096, 0.984984984984985, 3.640439599694263e-29, 2.482363886491287),
            ("same", 333, 0.0, 0.0, 1.0, 0.0),
            ("nudged", 333, 0.15403490244388626, 0.08708708708708708, 0.16004959305838665, 0.18313505756722112),
            ("ties", 60, 5.813788471105234, 0.3228228228228228, 3.2812714759392085e-05, 0.41384123369169346),
            ("tiny", 3, 5.705281545780079, 0.25825825825825827, 0.9655273674399603, 0.34069720169037093),
            ("large", 10323, 0.02318425036810924, 0.04504504504504514, 0.5141166670927269, 0.07325402302688842),
            ("large_far", 10323, 0.5319075120533223, 0.21621621621621623, 9.801100600942942e-14, 0.5494051727016634),
            ("large_near", 10323, 0.0023311075620198215, 0.021021021021021047, 0.998317784416124, 0.018313505756722092),
          ])
    func numeric(name: String, n: Int, psi: Double, statistic: Double, p: Double, wasserstein: Double) throws {
        let bill = try billProfile()
        let live = try #require(liveSamples(bill)[name])
        #expect(live.total == n)
        let drift = try #require(NumericDrift(live: live, against: bill))
        expectClose(drift.psi, psi, "\(name) psi")
        expectClose(drift.kolmogorovSmirnov.statistic, statistic, "\(name) ks")
        expectClose(drift.kolmogorovSmirnov.pValue, p, "\(name) ks p")
        #expect(drift.kolmogorovSmirnov.isExact == (n <= KolmogorovSmirnov.maximumExactSize))
        expectClose(drift.wassersteinPerStandardDeviation, wasserstein, "\(name) wasserstein/std")
    }

    @Test("KS of a small reference against a large sample takes SciPy's asymptotic path at n = round(n₁n₂/(n₁+n₂))",
          arguments: [("large", 0.5252252252252252, 4.130973661300651e-31), ("large_far", 0.6674174174174174, 9.460985216116084e-53),
                      ("large_near", 0.5162162162162163, 5.466086185369495e-30)])
    func asymptoticSmallReference(name: String, statistic: Double, p: Double) throws {
        let bill = try billProfile()
        let rows = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins).frame.column("bill_length_mm")
        let first120 = WeightedSample((0..<120).map { rows.numeric($0)! })
        let live = try #require(liveSamples(bill)[name])
        let test = try #require(KolmogorovSmirnov(first120, live))
        expectClose(test.statistic, statistic, "\(name) ks")
        expectClose(test.pValue, p, "\(name) ks p")
    }

    @Test("The Kolmogorov distribution's survival function matches scipy.stats.kstwo.sf in each of its methods",
          arguments: [
            (150, 0.05, 0.8290828416799794), (200, 0.02, 0.9999948480179858), (323, 0.03, 0.9247356568820257),
            (323, 0.08, 0.030266315787728426), (1000, 0.01, 0.9999496745370611), (100, 0.07, 0.6846706791645845),
            (100, 0.09, 0.37063202558632835), (100, 0.15, 0.019839242125643017), (50, 0.6, 9.634070456142374e-18),
            (2000, 0.03, 0.05354694793932557), (200000, 0.001, 0.9881500208855729), (120, 0.004, 1.0), (300, 0.0025, 1.0),
          ])
    func kolmogorovSurvival(n: Int, x: Double, expected: Double) {
        expectClose(KolmogorovDistribution.survival(n, x), expected, "kstwo.sf(\(x), \(n))")
    }

    @Test("PSI over levels and chi2_contingency's p (Yates at dof 1) match SciPy, including a level missing from live",
          arguments: [
            ("species", ["Adelie": 50, "Gentoo": 10], 1.9546768140715174, 33.7808139178571, 2, 4.619441383052054e-08),
            ("species", ["Adelie": 146, "Chinstrap": 68, "Gentoo": 119], 0.0, 0.0, 2, 1.0),
            ("sex", ["female": 30, "male": 45], 0.036999405293857236, 1.8709052020601304, 1, 0.17137144160145984),
            ("sex", ["male": 20], 4.553903263646777, 16.670234278040127, 1, 4.447337006322067e-05),
            ("sex", ["female": 165, "male": 168], 0.0, 0.0, 1, 1.0),
          ])
    func categorical(term: String, live: [String: Int], psi: Double, chi2: Double, dof: Int, p: Double) throws {
        let drift = try #require(CategoricalDrift(live: live, against: try categoricalProfile(term)))
        expectClose(drift.psi, psi, "\(term) \(live) psi")
        expectClose(drift.chiSquare.statistic, chi2, "\(term) \(live) chi2")
        #expect(drift.chiSquare.degreesOfFreedom == dof)
        expectClose(drift.chiSquare.pValue, p, "\(term) \(live) p")
    }

    @Test("The chi-square survival function (regularized upper incomplete gamma) matches scipy.stats.chi2.sf",
          arguments: [(1000.0, 3, 1.7994208765314067e-216), (0.5, 1, 0.47950012218695337), (30.0, 10, 0.000856641210775301),
                      (250.0, 200, 0.009379131668826098), (3.84, 1, 0.05004352124870519), (0.001, 4, 0.9999998750416589)])
    func chiSquareSurvival(x: Double, k: Int, expected: Double) {
        expectClose(IncompleteGamma.upperRegularized(a: Double(k) / 2, x: x / 2), expected, "chi2.sf(\(x), \(k))")
    }

    @Test("The verdict: major only in PSI's major band, moderate for PSI's moderate band or any test, thresholds configurable")
    func verdicts() throws {
        let bill = try billProfile()
        let samples = liveSamples(bill)
        // Shifted Adelie bill lengths: PSI 8.1, far past 0.2.
        #expect(NumericDrift(live: samples["shifted"]!, against: bill)?.verdict == .major)
        // PSI 0.154 is moderate; Wasserstein/std 0.18 also flags it, the KS p (0.16) does not.
        #expect(NumericDrift(live: samples["nudged"]!, against: bill)?.verdict == .moderate)
        // PSI 0.023, KS p 0.51, Wasserstein/std 0.073: nothing flags.
        #expect(NumericDrift(live: samples["large"]!, against: bill)?.verdict == DriftVerdict.none)
        // The same sample under a stricter Wasserstein threshold: moderate.
        let strict = DriftThresholds(wassersteinPerStandardDeviation: 0.05)
        #expect(NumericDrift(live: samples["large"]!, against: bill, thresholds: strict)?.verdict == .moderate)
        // A test alone never makes drift major: PSI 0.037 with chi-square p 0.17 is none; p 4.4e-5 and PSI 4.55 is major.
        let sex = try categoricalProfile("sex")
        #expect(CategoricalDrift(live: ["female": 30, "male": 45], against: sex)?.verdict == DriftVerdict.none)
        #expect(CategoricalDrift(live: ["male": 20], against: sex)?.verdict == .major)
        #expect(DriftVerdict.of(psi: 0.05, flaggedByTests: true, thresholds: .default) == .moderate)
        #expect(DriftVerdict.of(psi: 0.25, flaggedByTests: false, thresholds: DriftThresholds(psiMajor: 0.3)) == .moderate)
        // No live records: no statistics at all.
        #expect(NumericDrift(live: WeightedSample([]), against: bill) == nil)
        #expect(CategoricalDrift(live: [:], against: sex) == nil)
    }
}
