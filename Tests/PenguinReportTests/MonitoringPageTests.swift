import Foundation
import TestSupport
import Testing
@testable import PenguinReport

/// The Monitoring page shows the values it was given, marks drift in words as well as colour, and says
/// what to run wherever it has nothing to show.
@Suite struct MonitoringPageTests {
    @Test func predictionsPerPeriodAreChartedAndTabledByVersion() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins())
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.monitoring)
        let older = input.versionHistory[1].version, served = try #require(input.servedCard).version
        // The handover hour holds both versions, each in its own row.
        #expect(PageText.row(html, startingWith: ["2025-11-26 05:00 UTC", older])?[2] == "20")
        #expect(PageText.row(html, startingWith: ["2025-11-26 05:00 UTC", served])?[2] == "35")
        let chart = try #require(PageText.svgs(html).first { $0.contains("id=\"predictions-per-period-title\"") })
        let text = try XMLText.parse(chart).text
        #expect(text.contains("Bar chart of 260 logged predictions in 6 hours"), "\(text)")
        #expect(text.contains(older) && text.contains(served), "the legend names both versions")
        #expect(PageText.text(html).contains("Predictions logged 260"))
    }

    @Test func accuracyOverTimeChartsRMSEAndMAEPerPeriod() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        let svgs = PageText.svgs(try site.html(.monitoring))
        let rmse = try #require(svgs.first { $0.contains("id=\"performance-0-title\"") })
        let mae = try #require(svgs.first { $0.contains("id=\"performance-1-title\"") })
        #expect(try XMLText.parse(rmse).text.contains("Line chart of 6 periods of RMSE"))
        #expect(try XMLText.parse(mae).text.contains("MAE over time"))
        #expect(rmse.contains("Period starting (UTC)"))
    }

    @Test func driftTableShowsEachStatisticBesideItsThresholdAndTheVerdictInWords() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins())
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.monitoring)
        let served = try #require(input.servedCard).version
        let bill = try #require(PageText.row(html, startingWith: ["bill_length_mm"]))
        #expect(bill[1] == "major")
        #expect(bill[2] == "4.870 (past threshold) ≥ 0.1 / 0.2")
        #expect(bill[3] == "0.912")
        #expect(bill[4] == "3.1 × 10−9 (past threshold) < 0.05")
        #expect(bill[5] == "2.316 (past threshold) ≥ 0.1")
        #expect(bill[6] == "–")
        #expect(bill.suffix(2) == ["120", "333"])
        let sex = try #require(PageText.row(html, startingWith: ["sex"]))
        #expect(sex[1] == "none")
        #expect(sex[2] == "0.004≥ 0.1 / 0.2", "below its threshold: not marked")
        #expect(sex[6] == "0.61< 0.05")
        #expect(PageText.text(html).contains("over the live inputs of version \(served) from"), "one version is named once")
        #expect(html.contains("<span class=\"verdict verdict-major\">major</span>"))
        #expect(PageText.rows(html).firstIndex { $0.first == "bill_length_mm" }! < PageText.rows(html).firstIndex { $0.first == "sex" }!,
            "worst first, as given")
        #expect(PageText.text(html).contains("Drift, latest run major"))
    }

    @Test func aRunOverTwoVersionsNamesTheVersionInEachRow() throws {
        var input = try ReportFixture.input(PenguinsFixture.penguins())
        let older = input.versionHistory[1].version
        var second = input.monitoring.drift[0]
        second.version = older
        second.verdict = .moderate
        input.monitoring.drift.append(second)
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.monitoring)
        #expect(PageText.row(html, startingWith: ["bill_length_mm", older, "moderate"]) != nil)
        #expect(PageText.row(html, startingWith: ["bill_length_mm", input.servedCard!.version, "major"]) != nil)
    }

    @Test func oneDistributionChartPerFeatureComparesTrainingWithLive() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        let svgs = PageText.svgs(try site.html(.monitoring)).filter { $0.contains("id=\"distribution-") }
        #expect(svgs.count == 3)
        let bill = try XMLText.parse(try #require(svgs.first { $0.contains("bill_length_mm: training against live") }))
        #expect(bill.text.contains("The most live records (87%) fall in bin 10 of 10, against 10% in training."), "\(bill.text)")
        #expect(bill.text.contains("training") && bill.text.contains("live"), "the legend")
        #expect(bill.text.contains("36.2") && bill.text.contains("49.5"), "the training deciles' edges label the axis")
        let species = try XMLText.parse(try #require(svgs.first { $0.contains("species: training against live") }))
        #expect(species.text.contains("Chinstrap"), "levels label a categorical axis")
    }

    @Test func aliasHistoryListsEveryMoveNewestFirst() throws {
        let input = try ReportFixture.input(PenguinsFixture.penguins())
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.monitoring)
        let rows = PageText.rows(html).filter { $0.count == 8 && $0[1] == "production" }
        #expect(rows.map(\.first) == ["2", "1"])
        #expect(rows.first?[6] == "retrained on the 2009 season")
        #expect(rows.first?[7] == "– / 301.2")
        #expect(rows.last?[2] == "–", "the first move created the alias")
    }

    @Test func anEmptyMonitoringPageSaysWhatToRun() throws {
        var input = try ReportFixture.input(PenguinsFixture.penguins())
        input.monitoring = MonitoringInput()
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let html = try site.html(.monitoring)
        let text = PageText.text(html)
        #expect(text.contains("No predictions logged yet: serve with PENGUINS_PREDICTION_LOG=on (the default) and send /predict requests; run penguins monitor to compute drift."))
        #expect(text.contains("No actual outcomes recorded yet: record them with penguins monitor actuals --query SQL"))
        #expect(text.contains("No drift computed yet: once predictions are logged, run penguins monitor"))
        #expect(text.contains("No alias has moved yet"))
        #expect(PageText.svgs(html).isEmpty)
        #expect(PageText.rows(html).isEmpty)
    }

    @Test func actualsWithoutMonitorRowsAskForAMonitorRun() throws {
        var input = try ReportFixture.input(PenguinsFixture.penguins())
        input.monitoring.performance = []
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        #expect(PageText.text(try site.html(.monitoring)).contains("120 actual outcomes are recorded but not yet scored: run penguins monitor"))
    }

    @Test func everyPageLinksToMonitoring() throws {
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        for page in SitePage.allCases {
            #expect(try site.html(page).contains("<a href=\"monitoring.html\""), "\(page)")
        }
        #expect(try site.html(.monitoring).contains("<a href=\"monitoring.html\" aria-current=\"page\">Monitoring</a>"))
    }

    @Test func periodsAreHoursUpToTwoDaysThenDays() {
        let start = Date(timeIntervalSince1970: 1_764_147_600)
        #expect(MonitoringPeriod.covering(from: start, to: start) == .hour)
        #expect(MonitoringPeriod.covering(from: start, to: start.addingTimeInterval(2 * 86_400)) == .hour)
        #expect(MonitoringPeriod.covering(from: start, to: start.addingTimeInterval(2 * 86_400 + 1)) == .day)
    }
}
