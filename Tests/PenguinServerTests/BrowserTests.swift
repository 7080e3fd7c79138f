import Foundation
import HummingbirdTesting
import PenguinJSON
import Testing

@testable import PenguinServer

/// Loads the app and the docs in Debian's headless Chromium against a live server: the app reads its
/// inputs from the query string and predicts on load, the same path as pressing Predict, under a
/// Content-Security-Policy that Chromium enforces without reporting a violation.
@Suite struct BrowserTests {
    static let chromium = "/usr/bin/chromium"

    static var artifacts: URL {
        if let directory = ProcessInfo.processInfo.environment["PENGUINS_TEST_ARTIFACTS"] { return URL(filePath: directory) }
        return URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: ".build/artifacts")
    }

    /// What Chromium printed: the dumped DOM (with `--dump-dom`) and its log, where the console's messages,
    /// Content-Security-Policy violations among them, appear as `CONSOLE` lines.
    struct Run {
        let dom: String
        let log: String

        /// Console lines reporting a blocked script, style or request.
        var policyViolations: [String] {
            log.split(separator: "\n").map(String.init).filter { $0.contains("Content Security Policy") || $0.contains("Refused to") }
        }
    }

    /// Runs Chromium to completion without blocking a thread of the cooperative pool the live server needs.
    static func runChromium(_ arguments: [String]) async throws -> Run {
        let profile = FileManager.default.temporaryDirectory.appending(path: "penguins-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/timeout")
        process.arguments =
            ["90", chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=\(profile.path)"] + arguments
        // Files, not pipes: the dumped DOM is larger than a pipe's buffer and Chromium would block on it.
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let output = profile.appending(path: "stdout.html"), log = profile.appending(path: "stderr.log")
        #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
        #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
        let handle = try FileHandle(forWritingTo: output), logHandle = try FileHandle(forWritingTo: log)
        defer { try? handle.close(); try? logHandle.close() }
        process.standardOutput = handle
        process.standardError = logHandle
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Run(dom: try String(contentsOf: output, encoding: .utf8), log: try String(contentsOf: log, encoding: .utf8))
    }

    /// A PNG of `url` under the artifacts directory, for a person to look at.
    static func screenshot(_ url: String, named name: String, size: String = "1200,900") async throws {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appending(path: name)
        try? FileManager.default.removeItem(at: screenshot)
        _ = try await runChromium(["--virtual-time-budget=10000", "--window-size=\(size)", "--screenshot=\(screenshot.path)", url])
        let bytes = try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int ?? 0
        #expect(bytes > 10_000, "screenshot at \(screenshot.path) is \(bytes) bytes")
    }

    static func requireChromium() throws {
        try #require(FileManager.default.isExecutableFile(atPath: chromium), "install Debian's chromium: apt-get install chromium")
    }

    @Test func pagePredictsWhatTheAPIPredictsAndRendersTheChart() async throws {
        try Self.requireChromium()
        let server = TestServer()
        try await server.run(.live) { client in
            let port = try #require(client.port)
            let api = try await client.post("/predict", #"[{"bill_length_mm":50,"species":"Chinstrap","sex":"female"}]"#)
            let expected = try #require(api["predict"]?.array?.first?.number)
            let url = "http://127.0.0.1:\(port)/?bill_length_mm=50&species=Chinstrap&sex=female"

            let run = try await Self.runChromium(["--virtual-time-budget=10000", "--dump-dom", url])
            let dom = run.dom
            let shown = try #require(Self.text(ofElement: "prediction", in: dom), "no prediction in:\n\(dom.prefix(2000))")
            #expect(shown.replacingOccurrences(of: ",", with: "") == String(Int(expected.rounded())))
            #expect(dom.contains(#"{"bill_length_mm":50,"species":"Chinstrap","sex":"female"}"#), "parameters sent are shown")
            #expect(dom.contains("<polygon"), "the chart marks the prediction")
            #expect(dom.components(separatedBy: "<line").count > 10, "axes and fitted lines are drawn")
            #expect(run.policyViolations.isEmpty, "CSP violations: \(run.policyViolations)")
        }
        let version = TestModel.fitted.card.version
        #expect(server.logs.events.contains { $0.message == "app started" && $0.metadata["model_version"] == version })
    }

    @Test func pagePredictsOnLoadWithItsDefaultsUnderItsPolicy() async throws {
        try Self.requireChromium()
        try await TestServer().run(.live) { client in
            let port = try #require(client.port)
            let api = try await client.post("/predict", #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#)
            let expected = try #require(api["predict"]?.array?.first?.number)
            let url = "http://127.0.0.1:\(port)/"
            let run = try await Self.runChromium(["--virtual-time-budget=10000", "--dump-dom", url])
            let shown = try #require(Self.text(ofElement: "prediction", in: run.dom))
            #expect(shown.replacingOccurrences(of: ",", with: "") == String(Int(expected.rounded())), "shown: \(shown)")
            #expect(run.policyViolations.isEmpty, "CSP violations: \(run.policyViolations)")
            #expect(!run.log.contains("Uncaught"), "script errors: \(run.log)")
            try await Self.screenshot(url, named: "penguins-app.png")
        }
    }

    @Test func pageFollowsASecondFormula() async throws {
        try Self.requireChromium()
        try await OtherModels.server(OtherModels.flipperAndSpecies).run(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/?flipper_length_mm=210&species=Chinstrap"
            let api = try await client.post("/predict", #"[{"flipper_length_mm":210,"species":"Chinstrap"}]"#)
            let expected = try #require(api["predict"]?.array?.first?.number)
            let run = try await Self.runChromium(["--virtual-time-budget=10000", "--dump-dom", url])
            let shown = try #require(Self.text(ofElement: "prediction", in: run.dom))
            #expect(shown.replacingOccurrences(of: ",", with: "") == String(Int(expected.rounded())), "shown: \(shown)")
            #expect(Self.text(ofElement: "status", in: run.dom)?.hasPrefix("HTTP") == false, "no error: \(Self.text(ofElement: "status", in: run.dom) ?? "")")
            #expect(run.dom.components(separatedBy: #"stroke-width="3""#).count - 1 >= 4, "a fitted line per species and the legend's")
            #expect(run.policyViolations.isEmpty, "CSP violations: \(run.policyViolations)")
            try await Self.screenshot(url, named: "penguins-app-second-formula.png")
        }
    }

    @Test func docsReadWithoutJavaScriptAndTheirFormWorksWithIt() async throws {
        try Self.requireChromium()
        try await TestServer().run(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/docs"
            // Everything but the button's state is the server's HTML, which PagesTests checks without a browser
            // (Chromium's --dump-dom and, unreliably, --screenshot need scripts on).
            let with = try await Self.runChromium(["--virtual-time-budget=5000", "--dump-dom", url])
            #expect(with.dom.contains(#"id="try-send""#) && !with.dom.contains(#"id="try-send" disabled"#), "the script enabled the form")
            #expect(with.policyViolations.isEmpty, "CSP violations: \(with.policyViolations)")
            try await Self.screenshot(url, named: "penguins-docs.png", size: "1200,1400")
        }
    }

    /// The text inside the element with `id`, for the simple markup the app writes.
    static func text(ofElement id: String, in dom: String) -> String? {
        guard let start = dom.range(of: #"id="\#(id)""#) else { return nil }
        guard let open = dom[start.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = dom[dom.index(after: open)...]
        guard let close = rest.firstIndex(of: "<") else { return nil }
        return String(rest[..<close])
    }
}

extension JSONValue {
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
}
