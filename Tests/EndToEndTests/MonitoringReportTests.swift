import Foundation
import Testing
import TestSupport

/// The Monitoring page end to end, as a user gets there: `serve` logs shifted inputs, `penguins monitor`
/// finds the drift, `penguins report` shows both, on each engine.
@Suite("Monitoring page, end to end")
struct MonitoringReportTests {
    @Test("serve's log and monitor's drift reach the Monitoring page", arguments: ["sqlite", "postgres"])
    func monitoringPageFromServeAndMonitor(engine: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = engine == "postgres" ? try PostgresTarget.fresh() : nil
        let environment = target.map { ["DATABASE_URL": $0.url] } ?? [:]
        func run(_ command: [String], expecting status: Int32 = 0) throws -> PenguinsProcess.Outcome {
            let outcome = try PenguinsProcess.run(command, environment: environment, in: directory.path)
            #expect(outcome.status == status, "\(command): \(outcome.standardError)")
            return outcome
        }
        _ = try run(["migrate", "--migrations", PenguinsProcess.migrations])
        _ = try run(["train"])
        let serve = try ServeProcess(environment: environment.merging(["PENGUINS_PREDICTION_LOG": "on"]) { $1 }, in: directory.path)
        try await serve.waitUntilListening()
        // Adelie bill lengths of 55–60 mm, far beyond the training data's; sex as in training.
        let records = (0..<120).map { index in
            #"{"bill_length_mm":\#(55 + Double(index % 11) * 0.5),"species":"Adelie","sex":"\#(index % 2 == 0 ? "female" : "male")"}"#
        }
        let answer = try await serve.post("/predict", json: "[\(records.joined(separator: ","))]")
        #expect(answer.status == 200, "\(answer.body)")
        let stopped = serve.terminate()
        #expect(stopped.status == 0, "\(stopped.standardError)")
        let monitor = try run(["monitor", "--since", "1h"], expecting: 3)
        #expect(monitor.standardOutput.contains("bill_length_mm"))
        _ = try run(["report", "--out", "site"])
        let page = try String(contentsOfFile: directory.path + "/site/monitoring.html", encoding: .utf8)
        let text = page.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Predictions logged 120"), "\(text.prefix(600))")
        #expect(page.contains(#"<th scope="row"><code>bill_length_mm</code></th><td><span class="verdict verdict-major">major</span>"#))
        #expect(page.contains(#"<th scope="row"><code>sex</code></th><td><span class="verdict verdict-none">none</span>"#))
        #expect(page.contains("id=\"distribution-0-title\">bill_length_mm: training against live"), "the card's profile against the log")
        if let target {
            #expect(!page.contains(target.password) && !page.contains(target.port))
        }
    }
}
