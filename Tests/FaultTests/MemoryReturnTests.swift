import Foundation
import Testing
import TestSupport

extension Faults {
    /// A burst of large requests leaves freed heap in glibc's arenas; `serve` hands it back by itself.
    @Suite("Memory return")
    struct MemoryReturn {
        let run = FaultRun.shared

        @Test("After a burst of 10,000-record batches, serve's RSS falls back within seconds, with no request sent")
        func burstIsReturned() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let server = try ServeProcess(environment: ["HOME": run.home], in: directory.path)
            try await server.waitUntilListening()
            let species = [(false, false), (true, false), (false, true)]
            let records = (0..<10_000).map { index in
                let (chinstrap, gentoo) = species[index % 3]
                return #"{"bill_length_mm":\#(35 + Double(index % 200) / 10),"species_Chinstrap":\#(chinstrap),"#
                    + #""species_Gentoo":\#(gentoo),"sex_male":\#(index % 2 == 0)}"#
            }
            let body = directory.file("batch.json")
            try Data(("[" + records.joined(separator: ",") + "]").utf8).write(to: URL(fileURLWithPath: body))
            let baseline = try server.residentKilobytes()

            let report = try await BackgroundWrk(
                ["-t2", "-c4", "-d5s", "-s", repositoryRoot + "/bench/batch.lua", "http://127.0.0.1:\(server.port)/predict"],
                environment: ["BENCH_BATCH_BODY": body]
            ).report()
            try #require(!report.contains("Non-2xx") && !report.contains("Socket errors"), "\(report)")
            let peak = try server.residentKilobytes()
            let burst = peak - baseline
            try #require(burst > 4_096, "the burst should raise RSS by megabytes: \(baseline) → \(peak) kB")

            // Without the return, glibc keeps the freed pages for good: RSS stays at the peak.
            var lowest = peak
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline, lowest > peak - burst / 2 {
                try await Task.sleep(for: .milliseconds(500))
                lowest = min(lowest, try server.residentKilobytes())
            }
            #expect(lowest <= peak - burst / 2, "RSS \(baseline) kB before the burst, \(peak) kB after, lowest \(lowest) kB in the 20 s after")
            let outcome = try await offPool { server.terminate() }
            #expect(outcome.status == 0)
        }
    }
}
