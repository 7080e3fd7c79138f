import Foundation
import Testing

/// `penguins report` built from each live engine, with the numbers checked against the database.
@Suite("penguins report, end to end")
struct ReportCommandTests {
    @Test("The site is built from the live database and the board, with no credential in it", arguments: ["sqlite", "postgres"])
    func buildsFromLiveDatabase(engine: String) throws {
        let directory = try WorkingDirectory()
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
}
