import Foundation
import TestSupport
import Testing

/// `penguins serve` hardened (issue 11 §2, §9; issue 16 §4), checked on the real binary: core dumps, request
/// ids in the JSON log, short API keys, and the log line of a graceful shutdown.
@Suite("penguins serve, hardened", .serialized)
struct ServeHardeningTests {
    private let record = #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#

    @Test("serve runs with a core size limit of 0, so a crash writes no keys or connection string to disk")
    func coreDumpsOff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ServeProcess(environment: [:], in: directory.path)
        try await server.waitUntilListening()
        let limits = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        let outcome = server.terminate()
        #expect(core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(core ?? "")")
        #expect(outcome.status == 0)
    }

    @Test("A request id that reads as a non-finite number stays a string, and its request line is written")
    func requestIDStaysAString() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ServeProcess(environment: [:], in: directory.path)
        try await server.waitUntilListening()
        for id in ["NaN", "inf", "-Infinity", "1e999", "007"] {
            #expect(try await server.get("/ping", headers: ["X-Request-ID: \(id)"]).status == 200)
        }
        let outcome = server.terminate()
        var seen: [String] = []
        for line in outcome.standardOutput.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                Issue.record("a log line is not JSON: \(line)")
                continue
            }
            if object["message"] as? String == "request", object["path"] as? String == "/ping", let id = object["request_id"] as? String {
                seen.append(id)
                #expect(object["status"] as? Int == 200)
            }
        }
        for id in ["NaN", "inf", "-Infinity", "1e999", "007"] { #expect(seen.contains(id), "no request line for X-Request-ID \(id)") }
    }

    @Test("An API key shorter than 16 bytes stops serve at start, naming its line and not the key")
    func shortAPIKeyRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/keys"
        let shortKey = "k\(UInt32.random(in: 1_000...9_999))"
        #expect(FileManager.default.createFile(
            atPath: path, contents: Data("# keys\n\(String(repeating: "a", count: 32))\n\(shortKey)\n".utf8), attributes: [.posixPermissions: 0o600]))
        let outcome = try PenguinsProcess.run(
            ["serve", "--migrations", PenguinsProcess.migrations], environment: ["PENGUINS_API_KEYS_FILE": path], in: directory.path)
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("line 3") && outcome.standardError.contains("16 bytes"), "\(outcome.standardError)")
        #expect(!outcome.allOutput.contains(shortKey))
    }

    @Test("SIGTERM lets a request in flight finish, and the log says how many were drained and how long it took")
    func shutdownDrainsAndLogs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ServeProcess(environment: [:], in: directory.path)
        try await server.waitUntilListening()
        let connection = try RawHTTPConnection(port: server.port)
        let body = Array(record.utf8)
        try connection.send(
            "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
                + String(decoding: body.prefix(10), as: UTF8.self))
        // The request is in flight once its head is read; give the server a moment to read it.
        try await Task.sleep(for: .milliseconds(500))
        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(500))
        try connection.send(String(decoding: body.dropFirst(10), as: UTF8.self))
        let response = await connection.readUntilClosed(waiting: .seconds(30))
        #expect(response?.hasPrefix("HTTP/1.1 200") == true, "\(response ?? "no response")")
        let outcome = server.terminate()
        #expect(outcome.status == 0)
        let complete = outcome.standardOutput.split(separator: "\n").first { $0.contains(#""message":"shutdown complete""#) }
        #expect(complete?.contains(#""drained":1"#) == true, "\(outcome.standardOutput.suffix(1500))")
        #expect(complete?.contains(#""duration_ms":"#) == true)
    }
}
