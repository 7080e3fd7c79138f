import DataGateway
import Foundation
import Testing
import TestSupport

/// Issue 13 §3 and §4: `serve` keeps the last 10,000 records' inputs against the served version's training
/// bins, exports `penguins_feature_drift_psi{feature=…}`, and its app page warns when drift is major.
@Suite("Live drift in serve, end to end", .serialized)
struct LiveDriftTests {
    /// The complete-case training rows, as natural-shape records.
    private func trainingRecords() throws -> [String] {
        let frame = try PenguinsFixture.frame()
        let bill = try frame.column("bill_length_mm"), species = try frame.column("species"), sex = try frame.column("sex")
        let mass = try frame.column("body_mass_g")
        return (0..<frame.rowCount).compactMap { row in
            guard let length = bill.numeric(row), let species = species.string(row), let sex = sex.string(row), !mass.isNull(row) else { return nil }
            return #"{"bill_length_mm":\#(length),"species":"\#(species)","sex":"\#(sex)"}"#
        }
    }

    /// Each `penguins_feature_drift_psi` series' value, by feature.
    private func driftGauges(_ server: ServeProcess) async throws -> [String: Double] {
        let text = try await server.get("/metrics").body
        var gauges: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(#"penguins_feature_drift_psi{feature=""#) {
            let parts = line.dropFirst(#"penguins_feature_drift_psi{feature=""#.count).split(separator: "\"")
            gauges[String(parts[0])] = Double(parts[1].split(separator: " ").last ?? "")
        }
        return gauges
    }

    @Test("Adelie bill lengths of 55–60 mm put bill_length_mm's gauge in the major band and sex's not, and the app page warns; training-like inputs do neither")
    func shiftedInputs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ServeProcess(environment: [:], in: directory.path)
        try await server.waitUntilListening()
        // Below the window's minimum there is nothing to export.
        #expect(try await driftGauges(server).isEmpty)

        let training = try trainingRecords()
        #expect(training.count == 333)
        #expect(try await server.post("/predict", json: "[\(training.joined(separator: ","))]").status == 200)
        let unshifted = try await driftGauges(server)
        #expect(Set(unshifted.keys) == ["bill_length_mm", "species", "sex"], "\(unshifted)")
        #expect(unshifted.values.allSatisfy { abs($0) < 1e-12 }, "the training rows themselves: \(unshifted)")
        #expect(try await !server.get("/").body.contains(#"id="drift-warning""#))

        let shifted = (0..<2_000).map { index in
            #"{"bill_length_mm":\#(55.0 + Double(index % 51) / 10),"species":"Adelie","sex":"\#(index % 2 == 0 ? "female" : "male")"}"#
        }
        #expect(try await server.post("/predict", json: "[\(shifted.joined(separator: ","))]").status == 200)
        let drifted = try await driftGauges(server)
        let bill = try #require(drifted["bill_length_mm"]), sex = try #require(drifted["sex"])
        #expect(bill >= 0.2, "bill_length_mm PSI \(bill)")
        #expect(sex < 0.1, "sex PSI \(sex)")
        let page = try await server.get("/").body
        #expect(page.contains(#"id="drift-warning""#) && page.contains("bill_length_mm (PSI"), "\(page.prefix(3000))")
        #expect(!page.contains("sex (PSI"))
        #expect(server.terminate().status == 0)
    }
}
