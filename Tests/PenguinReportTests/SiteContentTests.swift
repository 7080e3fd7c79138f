import DataGateway
import Foundation
import PenguinModel
import TestSupport
import Testing
@testable import PenguinReport

/// The numbers on the pages are the frame's and the model's: counts, group means and coefficients are
/// recomputed here and looked up in the rendered tables.
@Suite struct SiteContentTests {
    @Test func writesFourPagesAndOneStylesheet() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        #expect(site.files.map { ($0 as NSString).lastPathComponent } == ["index.html", "eda.html", "model.html", "monitoring.html", "style.css"])
        for page in site.pages {
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(html.contains("<link rel=\"stylesheet\" href=\"style.css\">"))
            #expect(!html.contains("<script"), "\(page) must need no JavaScript")
            #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;self&#39;"#))
            #expect(!html.contains("unsafe-inline") && !html.contains(" style=\""), "\(page) needs no inline style")
            for external in ["src=", "href=\"http", "url("] {
                #expect(!html.contains(external), "\(page) must load nothing from outside: \(external)")
            }
        }
    }

    @Test("An output directory that cannot be made fails as .cannotWrite naming it, with nothing written")
    func unwritableDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = try directory.write("not-a-directory", "")
        let target = (blocker as NSString).appendingPathComponent("site")
        let error = #expect(throws: ReportSiteError.self) {
            try ReportSite.build(ReportFixture.input(PenguinsFixture.penguins()), into: target)
        }
        guard case .cannotWrite(let path, let reason)? = error else {
            Issue.record("expected .cannotWrite, got \(String(describing: error))")
            return
        }
        #expect(path == target)
        #expect(reason == String(cString: strerror(ENOTDIR)), "the system's reason, not a Cocoa error number")
    }

    @Test func overviewStatesTheDataAndTheBuildWithoutALocation() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins(), kind: .postgres)
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let text = PageText.text(try site.html(.overview))
        #expect(text.contains("PostgreSQL"))
        #expect(text.contains("Migration version 3"))
        #expect(text.contains("344 rows × 9 columns"))
        #expect(text.contains(input.penguins.frame.fingerprint()))
        #expect(text.contains(input.servedCard!.version))
        #expect(text.contains("CC0"))
        #expect(text.contains("palmerpenguins 0.1.6"))
        #expect(text.contains("Horst"))
        #expect(text.contains("2025-11-26 09:00 UTC"))
        #expect(text.contains("Served model’s data the current data"))
        for leak in ["postgres://", "postgresql://", "sqlite:", "host=", "password", ".sqlite"] {
            #expect(!text.lowercased().contains(leak), "the overview mentions \(leak)")
        }
    }

    @Test func countsMatchTheFrame() throws {
        let penguins = try PenguinsFixture.penguins()
        let site = try ReportFixture.site(ReportFixture.input(penguins))
        defer { site.remove() }
        let html = try site.html(.eda)
        for column in ["species", "island", "sex"] {
            for group in try penguins.frame.summarize("id", by: [column]) {
                let row = try #require(PageText.row(html, startingWith: group.key), "no count row for \(group.key)")
                #expect(row[1] == String(group.rows), "\(column) \(group.key)")
            }
        }
        #expect(PageText.row(html, startingWith: ["Adelie"])?[1] == "152")
        #expect(PageText.row(html, startingWith: ["NA"])?[1] == "11")
        #expect(PageText.row(html, startingWith: ["Total"])?[1] == "344")
        #expect(PageText.row(html, startingWith: ["Gentoo", "124", "0", "0", "124"]) != nil, "species by island")
        #expect(PageText.row(html, startingWith: ["bill_length_mm", "2", "0.6%"]) != nil, "missing values")
        #expect(PageText.row(html, startingWith: ["sex", "11", "3.2%"]) != nil, "missing values")
    }

    @Test func groupMeansMatchTheFrame() throws {
        let penguins = try PenguinsFixture.penguins()
        let site = try ReportFixture.site(ReportFixture.input(penguins))
        defer { site.remove() }
        let html = try site.html(.eda)
        let measures: [(column: String, decimals: Int)] = [
            ("bill_length_mm", 2), ("bill_depth_mm", 2), ("flipper_length_mm", 1), ("body_mass_g", 0),
        ]
        for (offset, measure) in measures.enumerated() {
            for group in try penguins.frame.summarize(measure.column, by: ["species", "sex"]) {
                let row = try #require(PageText.row(html, startingWith: group.key), "no row for \(group.key)")
                #expect(row[2] == String(group.rows))
                let mean = try #require(group.mean)
                #expect(number(row[3 + 2 * offset]) == rounded(mean, measure.decimals), "\(measure.column) mean of \(group.key)")
                if let sd = group.standardDeviation {
                    #expect(number(row[4 + 2 * offset]) == rounded(sd, measure.decimals), "\(measure.column) sd of \(group.key)")
                }
            }
        }
        // The labs' figures for one group, independent of `summarize`.
        let gentooMale = try #require(PageText.row(html, startingWith: ["Gentoo", "male"]))
        #expect(gentooMale[2] == "61")
        #expect(gentooMale[9] == "5,485")
    }

    @Test func coefficientsAndFitMatchTheModelSummary() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins())
        // The served card was written by this fit, so its table is the fit's.
        let summary = try LinearModel.fit(.penguins, to: input.penguins.frame).summary
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.model)
        for coefficient in summary.coefficients {
            let row = try #require(PageText.row(html, startingWith: [coefficient.name]))
            #expect(number(row[1]) == rounded(coefficient.estimate, 2), "\(coefficient.name) estimate")
            #expect(number(row[2]) == rounded(coefficient.standardError, 2), "\(coefficient.name) SE")
            #expect(number(row[3]) == rounded(coefficient.tValue, 2), "\(coefficient.name) t")
        }
        #expect(PageText.row(html, startingWith: ["species_Chinstrap"])?[4] == "5.8 × 10−4")
        #expect(PageText.row(html, startingWith: ["sex_male"])?[4] == "< 2 × 10−16")
        let text = PageText.text(html)
        #expect(text.contains("body_mass_g ~ bill_length_mm + species + sex"))
        #expect(text.contains("R² \(String(format: "%.3f", summary.rSquared))"))
        #expect(text.contains("Adjusted R² \(String(format: "%.3f", summary.adjustedRSquared))"))
        #expect(text.contains("RMSE \(String(format: "%.1f", summary.rootMeanSquaredError))"))
        #expect(text.contains("MAE \(String(format: "%.1f", summary.meanAbsoluteError))"))
        #expect(text.contains("n 333"))
        #expect(text.contains("species = Adelie, sex = female"))
    }

    @Test func modelPageShowsTheBoardAndTheMetricsHistory() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins())
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.model)
        let served = try #require(PageText.row(html, startingWith: ["\(input.servedCard!.version) served"]))
        #expect(served[2] == "333")
        #expect(PageText.svgs(html).count == 4, "two diagnostics and one chart per metric")
        #expect(html.contains("RMSE over time"))
        #expect(PageText.rows(html).filter { $0.count == 5 && $0[1] == input.versionHistory[1].version }.count == 4)
    }

    @Test func aSingleEvaluationIsAlreadyAChart() throws {
        var input = try ReportFixture.input(PenguinsFixture.penguins())
        input.metricsHistory = Array(input.metricsHistory.prefix(2))
        input.versionHistory = []
        input.servedCard = nil
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.model)
        #expect(PageText.svgs(html).count == 2, "one chart per metric, each with its single evaluation")
        #expect(PageText.text(html).contains("The model board has no versions yet."))
        #expect(PageText.text(try site.html(.overview)).contains("Served model none on the board yet"))
    }

    @Test func withoutAServedModelThePagesStillBuild() throws {
        var input = try ReportFixture.input(PenguinsFixture.penguins())
        input.servedCard = nil
        input.metricsHistory = []
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let text = PageText.text(try site.html(.model))
        #expect(text.contains("no model is served"))
        #expect(!text.contains("Coefficients"), "nothing is refitted in place of a served model")
        #expect(text.contains("No evaluations are recorded in model_metrics yet."))
    }

    /// A page number back to a Double: grouping commas out, the true minus sign to ASCII.
    private func number(_ text: String) -> Double? {
        Double(text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "−", with: "-"))
    }

    private func rounded(_ value: Double, _ decimals: Int) -> Double? {
        Double(String(format: "%.\(decimals)f", value))
    }
}
