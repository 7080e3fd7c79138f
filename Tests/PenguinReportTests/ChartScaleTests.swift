import Foundation
import PenguinStyle
import Testing
@testable import PenguinReport

/// Ticks land on round numbers, cover the data, and print without floating-point noise.
@Suite struct ChartScaleTests {
    @Test(arguments: [
        (0.0, 10.0, [0.0, 2, 4, 6, 8, 10]),
        (32.1, 59.6, [30.0, 35, 40, 45, 50, 55, 60]),
        (2_700, 6_300, [2_000.0, 3_000, 4_000, 5_000, 6_000, 7_000]),
        (-3.2, 4.7, [-4.0, -2, 0, 2, 4, 6]),
        (0, 0.3, [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]),
        (0.8537, 0.8555, [0.8535, 0.854, 0.8545, 0.855, 0.8555]),
    ])
    func ticksAreRoundAndCoverTheRange(lower: Double, upper: Double, expected: [Double]) {
        let ticks = NiceTicks(covering: lower, upper)
        #expect(ticks.values == expected)
        #expect(ticks.lower <= lower && ticks.upper >= upper)
    }

    @Test(arguments: [0.000_37, 0.12, 1, 3, 7.2, 42, 999, 123_456])
    func stepsAreOneTwoOrFiveTimesAPowerOfTen(raw: Double) {
        let step = NiceTicks.niceStep(raw)
        let mantissa = step / pow(10, log10(step).rounded(.down))
        #expect([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "\(step)")
        #expect(step / raw > 0.6 && step / raw < 1.6, "\(step) for \(raw)")
    }

    @Test func labelsPrintEveryTickExactly() {
        let axis = Axis.linear(title: "t", covering: [0, 0.3])
        #expect(axis.ticks.map(\.label) == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"])
        let mass = Axis.linear(title: "g", covering: [2_700, 6_300])
        #expect(mass.ticks.map(\.label) == ["2,500", "3,000", "3,500", "4,000", "4,500", "5,000", "5,500", "6,000", "6,500"])
        let negative = Axis.linear(title: "r", covering: [-812, 1_030])
        #expect(negative.ticks.first?.label == "−1,000")
    }

    @Test func countsAndSingleValuesGetSensibleAxes() {
        #expect(NiceTicks(covering: 0, 3, integer: true).values == [0, 1, 2, 3])
        let single = NiceTicks(covering: 42, 42)
        #expect(single.lower < 42 && single.upper > 42)
        #expect(NiceTicks(covering: 0, 0).values == [-1, -0.5, 0, 0.5, 1])
    }

    @Test func timeTicksFallOnWholeDaysOrHours() {
        let start = Date(timeIntervalSince1970: 1_764_147_600)  // 2025-11-26T09:00:00Z
        let days = Axis.time(title: "t", covering: [start, start.addingTimeInterval(6 * 86_400)])
        #expect(days.ticks.allSatisfy { $0.value.truncatingRemainder(dividingBy: 86_400) == 0 })
        #expect(days.ticks.contains { $0.label == "2025-11-28" })
        let hours = Axis.time(title: "t", covering: [start, start.addingTimeInterval(5 * 3_600)])
        #expect(hours.ticks.allSatisfy { $0.value.truncatingRemainder(dividingBy: 3_600) == 0 })
        #expect(hours.ticks.contains { $0.label == "26 Nov 10:00" })
    }

    @Test func binsStartOnRoundNumbersAndHoldEveryValue() {
        let values = [2_700.0, 3_000, 3_475, 4_000, 6_300]
        let bins = Binning(covering: values)
        #expect(bins.width == 200)
        #expect(bins.start == 2_600)
        #expect(bins.index(of: 2_700) == 0)
        #expect(bins.index(of: 3_000) == 2, "a value on an edge belongs to the bin above it")
        #expect(bins.index(of: 6_300) == bins.count - 1)
        #expect(bins.end > 6_300)
    }

    @Test func scalesMapTheDomainOntoTheRange() {
        let y = LinearScale(domain: (0, 100), range: (300, 20))
        #expect(y(0) == 300)
        #expect(y(100) == 20)
        #expect(y(50) == 160)
    }
}

/// Numbers read the way a report prints them.
@Suite struct NumberTextTests {
    @Test func fixedDecimalsWithThousandsSeparatorsAndATrueMinus() {
        #expect(NumberText.fixed(5_484.836, decimals: 0) == "5,485")
        #expect(NumberText.fixed(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(NumberText.fixed(-298.766, decimals: 2) == "−298.77")
        #expect(NumberText.fixed(-0.0004, decimals: 2) == "0.00")
        #expect(NumberText.fixed(999.5, decimals: 0) == "1,000")
        #expect(NumberText.fixed(nil, decimals: 2) == "–")
        #expect(NumberText.integer(-12_345) == "−12,345")
        #expect(NumberText.percent(11, of: 344) == "3.2%")
        #expect(NumberText.percent(1, of: 0) == "–")
    }

    @Test func pValuesFollowR() {
        #expect(NumberText.pValue(0.0123).rendered == "0.0123")
        #expect(NumberText.pValue(0.5).rendered == "0.5")
        #expect(NumberText.pValue(0.000_577_121_786).rendered == "5.8 × 10<sup>−4</sup>")
        #expect(NumberText.pValue(0.000_999_9).rendered == "1.0 × 10<sup>−3</sup>")
        #expect(NumberText.pValue(2.4359e-14).rendered == "2.4 × 10<sup>−14</sup>")
        #expect(NumberText.pValue(3e-30).rendered == "&lt; 2 × 10<sup>−16</sup>")
    }

    @Test func svgNumbersArePlainAndShort() {
        #expect(SVGNumber.format(12.0) == "12")
        #expect(SVGNumber.format(12.345) == "12.35" || SVGNumber.format(12.345) == "12.34")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(-3.5) == "-3.5")
    }
}
