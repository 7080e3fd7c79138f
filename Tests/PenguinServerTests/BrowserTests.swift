import Foundation
import HummingbirdTesting
import Testing

@testable import PenguinServer

/// Loads the app in Debian's headless Chromium against a live server: the page reads its inputs from
/// the query string and submits its form on load, the same path as pressing Predict.
@Suite struct BrowserTests {
    static let chromium = "/usr/bin/chromium"

    static var artifacts: URL {
        if let directory = ProcessInfo.processInfo.environment["PENGUINS_TEST_ARTIFACTS"] { return URL(filePath: directory) }
        return URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: ".build/artifacts")
    }

    /// Runs Chromium to completion without blocking a thread of the cooperative pool the live server needs.
    static func runChromium(_ arguments: [String]) async throws -> String {
        let profile = FileManager.default.temporaryDirectory.appending(path: "penguins-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/timeout")
        process.arguments =
            ["90", chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--hide-scrollbars", "--user-data-dir=\(profile.path)"] + arguments
        // A file, not a pipe: the dumped DOM is larger than a pipe's buffer and Chromium would block on it.
        let output = profile.appending(path: "stdout.html")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return try String(contentsOf: output, encoding: .utf8)
    }

    @Test func pagePredictsWhatTheAPIPredictsAndRendersTheChart() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.chromium), "install Debian's chromium: apt-get install chromium")
        let server = TestServer()
        try await server.run(.live) { client in
            let port = try #require(client.port)
            let api = try await client.post("/predict", #"[{"bill_length_mm":50,"species":"Chinstrap","sex":"female"}]"#)
            let expected = try #require(api["predict"]?.array?.first?.number)
            let url = "http://127.0.0.1:\(port)/?bill_length_mm=50&species=Chinstrap&sex=female&autopredict=1"

            let dom = try await Self.runChromium(["--virtual-time-budget=10000", "--dump-dom", url])
            let shown = try #require(Self.text(ofElement: "prediction", in: dom), "no prediction in:\n\(dom.prefix(2000))")
            #expect(shown.replacingOccurrences(of: ",", with: "") == String(Int(expected.rounded())))
            #expect(dom.contains(#"{"bill_length_mm":50,"species":"Chinstrap","sex":"female"}"#), "parameters sent are shown")
            #expect(dom.contains("<polygon"), "the chart marks the prediction")
            #expect(dom.components(separatedBy: "<line").count > 10, "axes and fitted lines are drawn")

            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            let screenshot = Self.artifacts.appending(path: "penguins-app.png")
            try? FileManager.default.removeItem(at: screenshot)
            _ = try await Self.runChromium(
                ["--virtual-time-budget=10000", "--window-size=1200,900", "--screenshot=\(screenshot.path)", url])
            let size = try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int ?? 0
            #expect(size > 10_000, "screenshot at \(screenshot.path) is \(size) bytes")
        }
        let version = TestModel.fitted.card.version
        #expect(server.logs.events.contains { $0.message == "app started" && $0.metadata["model_version"] == version })
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
