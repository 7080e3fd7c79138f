import Foundation
import Testing
import TestSupport

/// The model commands as a user runs them, on the embedded default and on Postgres.
@Suite("penguins train, predict, score, evaluate and models, end to end")
struct ModelCommandTests {
    @Test("train → models list → predict → score twice → evaluate", arguments: ["sqlite", "postgres"])
    func workflow(engine: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = engine == "postgres" ? try PostgresTarget.fresh() : nil
        let environment = target.map { ["DATABASE_URL": $0.url] } ?? [:]
        func run(_ arguments: [String]) throws -> PenguinsProcess.Outcome {
            let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
            #expect(outcome.status == 0, "\(arguments): \(outcome.standardError)")
            if let target { #expect(!outcome.allOutput.contains(target.password)) }
            return outcome
        }
        _ = try run(["migrate", "--migrations", PenguinsProcess.migrations])
        let train = try run(["train"])
        #expect(train.standardOutput.contains("bill_length_mm      32.5369"))
        #expect(train.standardOutput.contains("n = 333 (11 rows dropped for missing values)"))
        let version = try #require(train.standardOutput.split(separator: "\n").last?.split(separator: " ").dropFirst(3).first)
        #expect(try run(["models", "list"]).standardOutput.contains(String(version)))
        #expect(try run(["models", "show"]).standardOutput.contains("\"version\" : \"\(version)\""))
        let predict = try run(["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"])
        #expect(predict.standardOutput.hasPrefix("5275.66 g"))
        #expect(try run(["score"]).standardOutput.hasPrefix("scored 333 penguins"))
        #expect(try run(["score", "--in-database"]).standardOutput.hasPrefix("scored 333 penguins"))
        let evaluate = try run(["evaluate"])
        #expect(evaluate.standardOutput.contains("333  305.589  242.011  0.8555"))
        let count = try run(["load", "--query", "SELECT count(*) AS n FROM penguin_predictions"])
        #expect(count.standardOutput.contains("\n333"))

        let unknown = try PenguinsProcess.run(["predict", "--bill-length", "45", "--species", "Emperor", "--sex", "male"], environment: environment, in: directory.path)
        #expect(unknown.status != 0)
        #expect(unknown.standardError == "error: 'species' has unknown level 'Emperor'; allowed levels: Adelie, Chinstrap, Gentoo\n")
    }

    @Test("A file board holds models trained by a role that may only read")
    func fileBoard() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["PENGUINS_MODEL_BOARD": "file:\(directory.path)/board"]
        _ = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], environment: environment, in: directory.path)
        let train = try PenguinsProcess.run(["train", "--in-database"], environment: environment, in: directory.path)
        #expect(train.status == 0, "\(train.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/board")
        #expect(files.count == 1 && files[0].hasSuffix(".json"))
        let predict = try PenguinsProcess.run(["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"], environment: environment, in: directory.path)
        #expect(predict.standardOutput.hasPrefix("5275.66 g"))
    }
}
