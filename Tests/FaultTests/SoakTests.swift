import Foundation
import Testing
import TestSupport

extension Faults {
    /// 60 s of wrk at 64 connections against /predict, with valid and invalid bodies mixed (bench/soak.lua).
    @Suite("Soak")
    struct Soak {
        let run = FaultRun.shared

        @Test("wrk -t2 -c64 -d60s: 0 5xx, 0 socket errors, RSS steady over the second half, SIGTERM exits 0")
        func soak() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            // The embedded default (SQLite in the working directory): serve migrates, trains and listens.
            let server = try ServeProcess(environment: ["HOME": run.home], in: directory.path)
            try await server.waitUntilListening()
            // Each body class answers as the mix assumes before the load starts.
            #expect(try await server.post("/predict", json: #"[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#).status == 200)
            #expect(try await server.post("/predict", json: #"[{"bill_length_mm":45,"#).status == 400)
            #expect(try await server.post("/predict", json: #"[{"bill_length_mm":450,"species":"Gentoo","sex":"male"}]"#).status == 422)

            let rssStart = try server.residentKilobytes()
            let wrk = try BackgroundWrk(["-t2", "-c64", "-d60s", "-s", repositoryRoot + "/bench/soak.lua", "http://127.0.0.1:\(server.port)/predict"])
            try await Task.sleep(for: .seconds(30))
            let rssHalf = try server.residentKilobytes()
            let report = try await wrk.report()
            let rssEnd = try server.residentKilobytes()
            print(report)
            // The server is still healthy, then drains and exits 0 on SIGTERM.
            #expect(try await server.get("/healthz").status == 200)
            let outcome = try await offPool { server.terminate() }
            #expect(outcome.status == 0, "serve exited with \(outcome.status) after SIGTERM")
            #expect(!outcome.standardOutput.contains(#""message":"request failed""#), "the server logged a failed (5xx) request")

            let requests = try Self.counts(report, "soak requests=")["requests"]
            let responses = try Self.counts(report, "soak responses ")
            let errors = try Self.counts(report, "soak socket_errors ")
            #expect(responses["5xx"] == 0 && responses["other"] == 0, "\(responses)")
            #expect(errors.values.allSatisfy { $0 == 0 }, "socket errors: \(errors)")
            #expect((responses["2xx"] ?? 0) > 0 && (responses["4xx"] ?? 0) > 0, "expected both 2xx and 4xx answers: \(responses)")
            #expect((responses["2xx"] ?? 0) + (responses["4xx"] ?? 0) == requests, "answers counted for \(requests ?? 0) requests: \(responses)")
            let growth = Double(rssEnd - rssHalf) * 100 / Double(rssHalf)
            #expect(growth < 5, "RSS grew \(growth)% over the second half (\(rssStart) → \(rssHalf) → \(rssEnd) kB)")
        }

        /// The `name=number` pairs of the report line that starts with `prefix` (lines bench/soak.lua prints).
        private static func counts(_ report: String, _ prefix: String) throws -> [String: Int] {
            guard let line = report.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
                throw ServeFailure(message: "wrk's report lacks the script's '\(prefix)' line: \(report)")
            }
            var counts: [String: Int] = [:]
            for pair in line.dropFirst("soak ".count).split(separator: " ") {
                let parts = pair.split(separator: "=")
                if parts.count == 2, let value = Int(parts[1]) { counts[String(parts[0])] = value }
            }
            return counts
        }
    }
}
