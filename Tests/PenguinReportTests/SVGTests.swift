import Foundation
import TestSupport
import Testing
@testable import PenguinReport

/// Every chart is well-formed XML and labelled for screen readers.
@Suite struct SVGTests {
    @Test func everySVGParsesAsXMLWithATitleAndADescription() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        var count = 0
        for page in SitePage.allCases {
            for svg in PageText.svgs(try site.html(page)) {
                let elements = try XMLText.parse(svg).elements
                #expect(elements.prefix(3) == ["svg", "title", "desc"], "\(page): \(elements.prefix(3))")
                #expect(svg.contains("role=\"img\""))
                count += 1
            }
        }
        #expect(
            count == 15,
            "a scatter, four histograms, two diagnostics, two metric charts; predictions, RMSE, MAE and three features' drift; got \(count)")
    }

    @Test func titleAndDescriptionIDsAreUniqueOnEachPage() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        for page in SitePage.allCases {
            let html = try site.html(page)
            let ids = html.matches(of: /id="([^"]+)"/).map { String($0.output.1) }
            #expect(Set(ids).count == ids.count, "\(page) repeats an id")
        }
    }

    @Test func scatterHasOnePointPerCompletePenguinAndALinePerSpecies() throws {
        let penguins = try PenguinsFixture.penguins()
        let (chart, slopes) = EDACharts.scatter(penguins, species: SpeciesSeries(penguins))
        let points = chart.marks.reduce(0) { total, mark in
            if case .points(let points, _, _) = mark { return total + points.count }
            return total
        }
        #expect(points == 342)
        #expect(slopes.map(\.species) == ["Adelie", "Chinstrap", "Gentoo"])
        #expect(chart.legend.map(\.label) == ["Adelie", "Chinstrap", "Gentoo", "per-species fit"])
        #expect(chart.x.ticks.first!.value <= 32.1 && chart.x.ticks.last!.value >= 59.6)
    }

    @Test func histogramBarsAddUpToTheRowsWithTheMeasure() throws {
        let penguins = try PenguinsFixture.penguins()
        let chart = try EDACharts.histogram(.bodyMass, penguins, species: SpeciesSeries(penguins))
        var total = 0.0
        for case .bars(let bars, _) in chart.marks { total += bars.reduce(0) { $0 + $1.y1 - $1.y0 } }
        #expect(total == 342)
    }
}
