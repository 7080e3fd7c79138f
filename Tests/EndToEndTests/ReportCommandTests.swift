import Foundation
import Testing
import TestSupport

/// `penguins report` built from each live engine, with the numbers checked against the database.
@Suite("penguins report, end to end")
struct ReportCommandTests {
    @Test("The site is built from the live database and the board, with no credential in it", arguments: ["sqlite", "postgres"])
    func buildsFromLiveDatabase(engine: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = engine == "postgres" ? try PostgresTarget.fresh() : nil
        let environment = target.map { ["DATABASE_URL": $0.url] } ?? [:]
        for command in [["migrate", "--migrations", PenguinsProcess.migrations], ["train"], ["evaluate"], ["report", "--out", "site"]] {
            let outcome = try PenguinsProcess.run(command, environment: environment, in: directory.path)
            #expect(outcome.status == 0, "\(command): \(outcome.standardError)")
        }
        let site = directory.path + "/site"
        let pages = try ["index.html", "eda.html", "model.html"].map { try String(contentsOfFile: site + "/" + $0, encoding: .utf8) }
        let overview = pages[0], model = pages[2]
        #expect(overview.contains(engine == "postgres" ? "PostgreSQL" : "SQLite"))
        #expect(overview.contains(">344<"))
        #expect(model.contains("32.54"))
        #expect(model.contains("2,169.27"))
        #expect(model.contains("0.856"))
        if let target {
            for page in pages {
                #expect(!page.contains(target.password))
                #expect(!page.contains(target.port))
                #expect(!page.contains(target.database))
            }
        }
    }

    @Test("The model page describes the served version, whatever its formula")
    func describesTheServedFormula() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var served = ""
        for command in [
            ["migrate", "--migrations", PenguinsProcess.migrations], ["train"],
            ["train", "--formula", "body_mass_g ~ flipper_length_mm + species"],
        ] {
            let outcome = try PenguinsProcess.run(command, in: directory.path)
            #expect(outcome.status == 0, "\(command): \(outcome.standardError)")
            if let line = outcome.standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("stored model version ") }) {
                served = String(line.split(separator: " ")[3])
            }
        }
        let outcome = try PenguinsProcess.run(
            ["report", "--out", "site"], environment: ["PENGUINS_MODEL_VERSION": served], in: directory.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let model = try String(contentsOfFile: directory.path + "/site/model.html", encoding: .utf8)
        let overview = try String(contentsOfFile: directory.path + "/site/index.html", encoding: .utf8)
        #expect(model.contains("body_mass_g ~ flipper_length_mm + species"))
        #expect(model.contains("<code>flipper_length_mm</code>"), "the served card's coefficients")
        #expect(!model.contains("<code>sex_male</code>"), "not the labs' formula refitted")
        #expect(overview.contains("the current data"), "its fingerprint is compared with its own formula's rows")
    }

    @Test("The model page describes the production alias holder when there is one, else the latest (issue 12 §5)")
    func describesTheAliasHolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func run(_ command: [String]) throws -> String {
            let outcome = try PenguinsProcess.run(command, in: directory.path)
            #expect(outcome.status == 0, "\(command): \(outcome.standardError)")
            return outcome.standardOutput
        }
        func modelPage() throws -> String {
            _ = try run(["report", "--out", "site"])
            return try String(contentsOfFile: directory.path + "/site/model.html", encoding: .utf8)
        }
        _ = try run(["migrate"])
        let labs = String(try run(["train"]).split(separator: "\n").last?.split(separator: " ")[3] ?? "")
        _ = try run(["train", "--formula", "body_mass_g ~ flipper_length_mm + species"])
        #expect(try modelPage().contains("<code>flipper_length_mm</code>"), "no alias yet: the latest")
        _ = try run(["models", "promote", labs, "--reason", "the labs' model", "--force"])
        let page = try modelPage()
        #expect(page.contains("<code>sex_male</code>") && !page.contains("<code>flipper_length_mm</code>"), "the production holder")
        #expect(page.contains(labs))
    }
}
