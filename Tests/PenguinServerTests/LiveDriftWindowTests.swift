import DataGateway
import Foundation
import Hummingbird
import PenguinModel
import Testing

@testable import PenguinServer

/// The live drift window: fixed memory, counts kept incrementally as records enter and leave.
@Suite("Live drift window")
struct LiveDriftWindowTests {
    private let model = try! ServedModel(
        card: TestModel.fitted.card, trainingPoints: TestModel.fitted.points, configuration: ServerConfiguration(databaseKind: .sqlite))

    /// `count` records, each Adelie female with the bill length `length(index)`, answered as the route builds them.
    private func answered(_ count: Int, length: (Int) -> Double) throws -> AnsweredBatch {
        let records = (0..<count).map { #"{"bill_length_mm":\#(length($0)),"species":"Adelie","sex":"female"}"# }
        let batch = try PredictionBatch(
            body: ByteBuffer(string: "[\(records.joined(separator: ","))]"), reader: model.reader, maxRecords: 20_000)
        return AnsweredBatch(version: model.version, predictions: batch.predictions, terms: model.inputs, featureRows: batch.featureRows)
    }

    private func psi(_ window: LiveDriftWindow, _ feature: String) -> Double? {
        window.populationStability().psi.first { $0.feature == feature }?.psi
    }

    @Test("Nothing below the minimum window; past 10,000 records the oldest leave, so the PSI follows the last 10,000 only")
    func rollingWindow() throws {
        let window = try #require(model.liveDrift)
        try window.record(answered(LiveDriftWindow.minimumRecords - 1) { _ in 57 })
        #expect(window.populationStability().psi.isEmpty)
        try window.record(answered(1) { _ in 57 })
        let shifted = try #require(psi(window, "bill_length_mm"))
        #expect(shifted >= 0.2)
        // 10,000 records spread over the training deciles (the bins' midpoints, in turn) push every shifted
        // record out: the bins then hold exactly the training shares' pattern of 1,000 a bin.
        let bill = try #require(TestModel.fitted.card.profile?.feature(named: "bill_length_mm"))
        guard case .numeric(let profile) = bill else { throw WindowTestError.notNumeric }
        let edges = profile.bins.edges
        let midpoints = (0..<(edges.count - 1)).map { (edges[$0] + edges[$0 + 1]) / 2 }
        try window.record(answered(LiveDriftWindow.capacity) { midpoints[$0 % midpoints.count] })
        let (records, values) = window.populationStability()
        #expect(records == LiveDriftWindow.capacity)
        let settled = try #require(values.first { $0.feature == "bill_length_mm" }?.psi)
        let expected = PopulationStability.index(reference: profile.shares, live: [Double](repeating: 0.1, count: 10))
        #expect(abs(settled - expected) < 1e-12, "\(settled) vs \(expected)")
        #expect(settled < 0.1)
    }

    private enum WindowTestError: Error { case notNumeric }

    @Test("A swap starts an empty window on the new version: the old version's gauges go until the new one has its own 100 records")
    func swapResetsTheGauges() async throws {
        let (first, second) = try TwoVersions.cards()
        let source = ScriptedSource(serving: first)
        let shifted = #"{"bill_length_mm":57,"species":"Adelie","sex":"female"}"#
        let records = "[" + [String](repeating: shifted, count: LiveDriftWindow.minimumRecords + 50).joined(separator: ",") + "]"
        try await SwappingServer(first: first, source: source).run { client, server in
            #expect(try await client.post("/predict", records).status == .ok)
            #expect(try await client.get("/metrics").text.contains(#"penguins_feature_drift_psi{feature="bill_length_mm"}"#))
            #expect(try await client.get("/").text.contains(#"id="drift-warning""#))
            source.move(to: second)
            try await server.waitUntilServing(second.card.version, client: client)
            #expect(try await !client.get("/metrics").text.contains("penguins_feature_drift_psi"))
            #expect(try await !client.get("/").text.contains(#"id="drift-warning""#))
        }
    }

    @Test("A card without a profile gets no window, so no gauge and no warning")
    func noProfileNoWindow() throws {
        // A card as written before profiles: the same JSON without the field.
        var object = try #require(try JSONSerialization.jsonObject(with: TestModel.fitted.card.jsonData()) as? [String: Any])
        object["profile"] = nil
        let older = try ModelCard(jsonData: JSONSerialization.data(withJSONObject: object))
        #expect(older.profile == nil)
        let served = try ServedModel(card: older, trainingPoints: TestModel.fitted.points, configuration: ServerConfiguration(databaseKind: .sqlite))
        #expect(served.liveDrift == nil)
    }
}
