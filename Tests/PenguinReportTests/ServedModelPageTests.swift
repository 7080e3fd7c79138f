import DataGateway
import Foundation
import PenguinModel
import PenguinStyle
import TestSupport
import Testing
@testable import PenguinReport

/// The report describes the model that is served, whatever its formula, compares its training data like
/// with like, and keeps exploratory fits apart from the model.
@Suite struct ServedModelPageTests {
    static let second = try! Formula(parsing: "body_mass_g ~ flipper_length_mm + species")

    @Test func modelPageDescribesTheServedCardNotARefitOfTheLabsFormula() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins(), formula: Self.second)
        let card = try #require(input.servedCard)
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.model)
        let text = PageText.text(html)
        #expect(text.contains("body_mass_g ~ flipper_length_mm + species"))
        #expect(!text.contains("bill_length_mm"), "the labs' formula refitted would show bill_length_mm")
        #expect(!text.contains("sex_male"))
        #expect(text.contains(card.version))
        for estimate in card.coefficientEstimates {
            let row = try #require(PageText.row(html, startingWith: [estimate.name]), "no row for \(estimate.name)")
            #expect(row[1] == NumberText.fixed(estimate.estimate, decimals: 2), "\(estimate.name)")
        }
        #expect(text.contains("R² \(String(format: "%.3f", card.metrics.rSquared))"))
        #expect(text.contains("n \(card.metrics.n)"))
        #expect(text.contains("Trained on the current data."))
        #expect(PageText.svgs(html).contains { $0.contains("id=\"predicted-actual-title\"") }, "the served model scores today's rows")
    }

    @Test func dataCheckComparesTheServedFormulasOwnCompleteCases() throws {
        // 342 rows have flipper length and mass, 333 have everything the labs' formula needs: comparing
        // against the labs' refit, as the overview did, would call unchanged data "different".
        let input = try ReportFixture.input(PenguinsFixture.penguins(), formula: Self.second)
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        #expect(PageText.text(try site.html(.overview)).contains("Served model’s data the current data"))

        var changed = input
        let frame = try PenguinsFixture.frame().filter { $0 != 5 }
        changed.penguins = try Penguins(frame)
        let changedSite = try ReportFixture.site(changed)
        defer { changedSite.remove() }
        #expect(PageText.text(try changedSite.html(.overview)).contains("Served model’s data different data from the current data"))
        #expect(PageText.text(try changedSite.html(.model)).contains("Trained on different data from the current data"))
    }

    @Test func edaScatterLabelsItsLinesAsPerSpeciesFits() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        let html = try site.html(.eda)
        let scatter = try #require(PageText.svgs(html).first { $0.contains("scatter-bill-mass") })
        let chartText = try XMLText.parse(scatter).text
        #expect(chartText.contains("per-species fit"), "the legend names the lines")
        #expect(chartText.contains("not the served model"))
        #expect(PageText.text(html).contains("It is not the served model"))
        #expect(scatter.contains("stroke-dasharray"), "per-species fits are dashed, unlike the model's lines in the app")
    }

    @Test func everyChartDrawsASpeciesInItsOneStyle() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        let html = try site.html(.eda)
        let scatter = try #require(PageText.svgs(html).first { $0.contains("scatter-bill-mass") })
        for (species, style) in SpeciesStyle.known {
            #expect(scatter.contains("<g fill=\"\(style.colour)\" fill-opacity"), "\(species)'s points are in its colour")
            let shape = style.marker.pathData(x: 0, y: 0, radius: 1)
            #expect(!shape.isEmpty)
        }
        #expect(SpeciesStyle.known["Chinstrap"]?.marker == .square)
        // A table without Chinstrap does not repaint Gentoo in Chinstrap's style.
        #expect(SpeciesStyle.of("Gentoo", among: ["Adelie", "Gentoo"]) == SpeciesStyle.known["Gentoo"])
        #expect(SeriesStyle.species("Gentoo", among: ["Adelie", "Gentoo"]).marker == .triangle)
    }
}
