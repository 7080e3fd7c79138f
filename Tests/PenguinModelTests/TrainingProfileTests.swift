import DataGateway
import Foundation
import TestSupport
import Testing

@testable import PenguinModel

/// Issue 13 §2/§3: the training profile in the model card, built in bounded memory and validated like the
/// rest of the card.
///
/// The expected numbers are what `bench/reference/drift.py` printed (numpy 2.4.6); regenerate with
///
///     python3 bench/reference/drift.py migrations/0002_palmer_penguins.penguins.csv
@Suite("Training profile")
struct TrainingProfileTests {
    private func labsCard() throws -> ModelCard {
        try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "t")
    }

    private func numeric(_ profile: TrainingProfile?, _ name: String) throws -> NumericProfile {
        guard case .numeric(let numeric) = try #require(profile?.feature(named: name)) else { throw ProfileTestError.wrongKind }
        return numeric
    }

    private enum ProfileTestError: Error { case wrongKind }

    @Test("The labs' card carries numpy's deciles, shares, n, mean, std and the exact sample of bill_length_mm, and each level's count")
    func labsProfile() throws {
        let card = try labsCard()
        let bill = try numeric(card.profile, "bill_length_mm")
        #expect(bill.n == 333)
        #expect(abs(bill.mean - 43.9927927927928) <= 1e-12)
        #expect(abs(bill.standardDeviation - 5.460450955071463) <= 1e-12)
        #expect(bill.bins.edges == [32.1, 36.6, 38.6, 40.26, 42.0, 44.5, 46.1, 47.5, 49.5, 50.8, 59.6])
        let counts = [33, 33, 34, 32, 34, 33, 32, 34, 32, 36]
        for (share, count) in zip(bill.shares, counts) { #expect(abs(share - Double(count) / 333) <= 1e-15) }
        #expect(bill.sampleIsExact && bill.sample.values.count == 163 && bill.sample.total == 333)
        #expect(card.profile?.feature(named: "species") == .categorical(
            CategoricalProfile(name: "species", levels: ["Adelie", "Chinstrap", "Gentoo"], counts: [146, 68, 119])))
        #expect(card.profile?.feature(named: "sex") == .categorical(
            CategoricalProfile(name: "sex", levels: ["female", "male"], counts: [165, 168])))
        // It travels in the card and survives the round trip.
        #expect(try ModelCard(jsonData: card.jsonData()).profile == card.profile)
    }

    @Test("Fed batch by batch, the builder gives the profile it gives for all rows at once")
    func batchIndependence() throws {
        let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins).frame
        let encoding = try DesignEncoding(formula: .penguins, learningFrom: cases)
        var whole = TrainingProfileBuilder(terms: encoding.terms)
        try whole.add(cases)
        var batched = TrainingProfileBuilder(terms: encoding.terms)
        for start in stride(from: 0, to: cases.rowCount, by: 7) {
            try batched.add(cases.gathering(rows: Array(start..<min(start + 7, cases.rowCount))))
        }
        let one = try numeric(whole.profile(), "bill_length_mm"), many = try numeric(batched.profile(), "bill_length_mm")
        #expect(one.bins == many.bins && one.shares == many.shares && one.sample == many.sample && one.n == many.n)
        #expect(abs(one.mean - many.mean) <= 1e-12 && abs(one.standardDeviation - many.standardDeviation) <= 1e-12)
        #expect(whole.profile()?.feature(named: "species") == batched.profile()?.feature(named: "species"))
    }

    @Test("Beyond 4,096 distinct values the sample is a bounded summary whose deciles stay within 1% of the exact ones")
    func boundedSummary() throws {
        // 100,000 distinct values, 0 to 99,999, in a scrambled but fixed order (a multiplicative permutation).
        var builder = ColumnBuilder(name: "x", type: .double)
        for index in 0..<100_000 { builder.append(Double((index * 7_919) % 100_000)) }
        var profile = TrainingProfileBuilder(terms: [.numeric("x")])
        try profile.add(try Frame(columns: [builder.build()]))
        let x = try numeric(profile.profile(), "x")
        #expect(!x.sampleIsExact && x.sample.values.count <= NumericProfile.maximumSampleSize && x.sample.total == 100_000)
        #expect(x.n == 100_000 && abs(x.mean - 49_999.5) <= 1e-6)
        // numpy.quantile(range(100000), q) is 99,999·q.
        for (index, edge) in x.bins.edges.enumerated() { #expect(abs(edge - 9_999.9 * Double(index)) <= 1_000, "edge \(index): \(edge)") }
        for share in x.shares { #expect(abs(share - 0.1) <= 0.01) }
    }

    @Test("A card without a profile (written before profiles) loads, verifies and has none; the hash covers the profile")
    func olderCardsAndHash() throws {
        let model = try LinearModel.fit(.penguins, to: PenguinsFixture.frame())
        let older = try LinearModel(
            encoding: model.encoding, fit: model.fit, meanAbsoluteError: model.summary.meanAbsoluteError,
            droppedRows: model.summary.droppedRows, dataFingerprint: model.dataFingerprint
        ).card(gatewayVersion: "t")
        let json = try older.jsonData()
        #expect(!String(decoding: json, as: UTF8.self).contains("profile"))
        let loaded = try ModelCard(jsonData: json)
        try loaded.verifyHash()
        #expect(loaded.profile == nil)

        let card = try model.card(gatewayVersion: "t")
        var object = try #require(try JSONSerialization.jsonObject(with: card.jsonData()) as? [String: Any])
        var profile = object["profile"] as! [String: Any]
        var features = profile["features"] as! [[String: Any]]
        features[2]["counts"] = [166, 167]
        profile["features"] = features
        object["profile"] = profile
        let edited = try ModelCard(jsonData: JSONSerialization.data(withJSONObject: object))
        #expect(throws: ModelCardError.self) { try edited.verifyHash() }
    }

    @Test("A profile that is not acceptable input is refused with one error naming the field")
    func strictValidation() throws {
        let card = try labsCard()
        func editing(_ transform: (inout [[String: Any]]) -> Void) throws -> Data {
            var object = try #require(try JSONSerialization.jsonObject(with: card.jsonData()) as? [String: Any])
            var profile = object["profile"] as! [String: Any]
            var features = profile["features"] as! [[String: Any]]
            transform(&features)
            profile["features"] = features
            object["profile"] = profile
            return try JSONSerialization.data(withJSONObject: object)
        }
        let cases: [(String, (inout [[String: Any]]) -> Void)] = [
            ("bin_edges are not", { $0[0]["bin_edges"] = [32.1, 40.0, 36.6] }),
            ("bin_shares are not", { $0[0]["bin_shares"] = [Double](repeating: 0.2, count: 10) }),
            ("bin_shares are not", { $0[0]["bin_shares"] = [0.5, 0.5] }),
            ("sample is not", { $0[0]["sample_counts"] = [Int](repeating: 1, count: 163) }),
            ("sample is not", { $0[0]["sample_values"] = [Double](repeating: 1, count: 163) }),
            ("sample is not", {
                $0[0]["sample_values"] = (0...NumericProfile.maximumSampleSize).map(Double.init)
                $0[0]["sample_counts"] = [Int](repeating: 1, count: NumericProfile.maximumSampleSize + 1)
            }),
            ("has n = -1", { $0[0]["n"] = -1 }),
            ("std must be", { $0[0]["std"] = -1.0 }),
            ("exactly the term's levels", { $0[2]["levels"] = ["male", "female"] }),
            ("count outside", { $0[1]["counts"] = [1, -1, 2] }),
            ("one per term", { $0.removeLast() }),
            ("does not match term 'species'", { $0.swapAt(1, 2) }),
        ]
        for (expected, transform) in cases {
            let error = #expect(throws: ModelCardError.self, "\(expected)") { try ModelCard(jsonData: editing(transform)) }
            let message = try #require(error?.description)
            #expect(message.contains(card.version) && message.contains("profile") && message.contains(expected), "\(message)")
        }
        // Counts that would overflow a sum are refused while decoding.
        let huge = #expect(throws: ModelCardError.self) { try ModelCard(jsonData: editing { $0[0]["sample_counts"] = [Int.max] + [Int](repeating: 1, count: 162) }) }
        #expect(huge?.description.contains("sample count of 'bill_length_mm'") == true)
    }
}
