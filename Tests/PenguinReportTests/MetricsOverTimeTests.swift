import Foundation
import PenguinModel
import TestSupport
import Testing
@testable import PenguinReport

/// The metrics chart stays readable with one to three evaluations taken seconds apart: the time axis
/// adapts to seconds and no marker hides another.
@Suite struct MetricsOverTimeTests {
    static let start = Date(timeIntervalSince1970: 1_764_147_600)

    /// The centres of the circle and square markers (the first two versions' shapes) of radius 5, from
    /// where their path data starts: a circle at its left edge, a square at its top-left corner.
    static func markerCentres(_ svg: String) -> [(x: Double, y: Double)] {
        svg.matches(of: /<path d="M(-?[0-9.]+),(-?[0-9.]+)([ah])/).map { match in
            let (x, y) = (Double(match.output.1)!, Double(match.output.2)!)
            return match.output.3 == "a" ? (x + 5, y) : (x + 4.5, y + 4.5)
        }
    }

    @Test(arguments: [1, 2, 3])
    func evaluationsSecondsApartAreAllVisible(count: Int) throws {
        // Two versions evaluated at the same second, and a third two seconds later, all with the same RMSE.
        let offsets: [Double] = [0, 0, 2]
        let points = (0..<count).map { index in
            MetricPoint(version: index == 1 ? "v2" : "v1", metric: "rmse", value: 300, n: 333, at: Self.start.addingTimeInterval(offsets[index]))
        }
        let chart = ModelCharts.metricOverTime("rmse", label: "RMSE", points: points, index: 0)
        let svg = chart.svg().rendered
        let labels = chart.x.ticks.map(\.label)
        #expect(Set(labels).count == labels.count, "tick labels repeat: \(labels)")
        if count == 3 {
            #expect(labels.contains { $0.hasSuffix(":02") }, "ticks are seconds apart: \(labels)")
            #expect(chart.x.upper - chart.x.lower <= 10, "the axis spans seconds, not minutes: \(chart.x.lower)…\(chart.x.upper)")
        }
        let markers = Self.markerCentres(svg).dropLast(Set(points.map(\.version)).count)  // the legend's markers come last
        #expect(markers.count == count)
        for i in markers.indices {
            for j in markers.indices where j > i {
                let distance = ((markers[i].x - markers[j].x) * (markers[i].x - markers[j].x) + (markers[i].y - markers[j].y) * (markers[i].y - markers[j].y)).squareRoot()
                #expect(distance >= 10, "markers \(i) and \(j) overlap: \(markers[i]) \(markers[j])")
            }
        }
    }

    @Test func aSingleEvaluationGetsAChart() throws {
        let point = MetricPoint(version: "v1", metric: "rmse", value: 300, n: 333, at: Self.start)
        let html = MetricsSection.render([point]).rendered
        #expect(PageText.svgs(html).count == 1)
    }
}
