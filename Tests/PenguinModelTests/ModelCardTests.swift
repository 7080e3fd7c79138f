import DataGateway
import Foundation
import PenguinModel
import TestSupport
import Testing

@Suite struct ModelCardTests {
    static let createdAt = Date(timeIntervalSince1970: 1_764_151_200.75)  // 2025-11-26T10:00:00.75Z

    private func card() throws -> ModelCard {
        try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "0.1.0-test", createdAt: Self.createdAt)
    }

    /// The card's JSON as a mutable dictionary, to alter the way a person editing the file would.
    private func jsonObject(_ card: ModelCard) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: card.jsonData()) as? [String: Any])
    }

    @Test func holdsWhatTheDesignAsksFor() throws {
        let card = try card()
        let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins)
        #expect(card.name == "penguins-body-mass")
        #expect(card.formula == .penguins)
        #expect(card.featureNames == ["bill_length_mm", "species_Chinstrap", "species_Gentoo", "sex_male"])
        #expect(card.terms[1].levels == ["Adelie", "Chinstrap", "Gentoo"])
        #expect(Set(card.coefficients.keys) == Set(["(Intercept)"] + card.featureNames))
        #expect(Set(card.standardErrors.keys) == Set(card.coefficients.keys))
        #expect(card.trainingRows == 333 && card.droppedRows == 11 && card.metrics.n == 333)
        #expect(card.metrics.residualDegreesOfFreedom == 328)
        #expect(card.dataFingerprint == cases.frame.fingerprint())
        #expect(card.dataFingerprint.count == 64)
        #expect(card.gatewayVersion == "0.1.0-test")
        #expect(card.createdAt == Date(timeIntervalSince1970: 1_764_151_200.75))
        #expect(card.version.hasPrefix("20251126T100000.750000Z-"))
        #expect(card.version.count == "20251126T100000.750000Z-".count + 8)
        try card.verifyHash()
    }

    /// Cards record it to say which data a model saw, so a faster hash must not change it: this is the value
    /// the first release wrote for the labs' 333 training rows.
    @Test func theDataFingerprintOfTheLabsRowsIsStableAcrossReleases() throws {
        let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins)
        #expect(cases.frame.fingerprint() == "c78b4bbba792ebe2e7a297f60758525fa35070dec3a5ce912e623b0740856703")
    }

    @Test func jsonIsSnakeCasedSortedAndDeterministic() throws {
        let card = try card()
        let text = String(decoding: try card.jsonData(prettyPrinted: false), as: UTF8.self)
        #expect(text.hasPrefix(#"{"coefficients":{"(Intercept)":2169.26972093"#))
        #expect(text.contains(#""created_at":"2025-11-26T10:00:00.750000Z""#))
        #expect(text.contains(#""formula":"body_mass_g ~ bill_length_mm + species + sex""#))
        #expect(text.contains(#""metrics":{"adj_r2":"#))
        #expect(text.contains(#"{"kind":"categorical","levels":["female","male"],"name":"sex"}"#))
        #expect(try card.jsonData() == (try self.card()).jsonData())
    }

    @Test func roundTripsExactly() throws {
        let card = try card()
        let decoded = try ModelCard(jsonData: card.jsonData())
        #expect(decoded == card)
        try decoded.verifyHash()
        #expect(try Predictor(card: decoded) == LinearModel.fit(.penguins, to: PenguinsFixture.frame()).predictor)
    }

    @Test func aTamperedCoefficientFailsVerification() throws {
        let card = try card()
        var object = try jsonObject(card)
        var coefficients = try #require(object["coefficients"] as? [String: Double])
        coefficients["species_Gentoo"] = 2000
        object["coefficients"] = coefficients
        let tampered = try ModelCard(jsonData: JSONSerialization.data(withJSONObject: object))
        #expect(tampered.version == card.version)
        #expect {
            try tampered.verifyHash()
        } throws: { error in
            guard case .hashMismatch(let version, let computed) = error as? ModelCardError else { return false }
            return version == card.version && computed != card.version && computed.hasPrefix("20251126T100000.750000Z-")
        }
    }

    @Test func aMalformedVersionIsReported() throws {
        var object = try jsonObject(card())
        object["version"] = "latest"
        #expect(throws: ModelCardError.malformedVersion("latest")) { try ModelCard(jsonData: JSONSerialization.data(withJSONObject: object)) }
    }

    @Test func inconsistentCardsAreRefusedWhenRead() throws {
        let card = try card()
        var object = try jsonObject(card)
        object["feature_names"] = ["bill_length_mm"]
        #expect {
            try ModelCard(jsonData: JSONSerialization.data(withJSONObject: object))
        } throws: { error in
            guard case .invalid(let version, let reason) = error as? ModelCardError else { return false }
            return version == card.version && reason.contains("feature_names")
        }
    }

    @Test func badJSONIsATypedError() {
        #expect {
            try ModelCard(jsonData: Data("{}".utf8))
        } throws: { error in
            guard case .json = error as? ModelCardError else { return false }
            return true
        }
    }

    @Test("Two cards made in the same second get distinct versions, and the newer one is newest on every board")
    func sameSecondIsOrderedByTime() throws {
        let model = try LinearModel.fit(.penguins, to: PenguinsFixture.frame())
        let older = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_764_151_200.900_001))
        let newer = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_764_151_200.900_002))
        #expect(older.version != newer.version)
        #expect(newer.isNewer(than: older) && !older.isNewer(than: newer))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (first, second) in [(older, newer), (newer, older)] {
            let board = FileModelBoard(directory: directory.file(UUID().uuidString))
            try board.store(first)
            try board.store(second)
            #expect(try board.list().map(\.version) == [newer.version, older.version])
            #expect(try board.load(version: nil).version == newer.version)
        }
        let roundTripped = try ModelCard(jsonData: newer.jsonData())
        #expect(roundTripped == newer)
        try roundTripped.verifyHash()
    }

    @Test("A card stored with a whole-second version still verifies, and orders by time among sub-second ones")
    func wholeSecondCardsStillLoad() throws {
        let model = try LinearModel.fit(.penguins, to: PenguinsFixture.frame())
        let legacy = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_764_151_201))
        #expect(legacy.version.hasPrefix("20251126T100001Z-"))
        #expect(String(decoding: try legacy.jsonData(prettyPrinted: false), as: UTF8.self).contains(#""created_at":"2025-11-26T10:00:01Z""#))
        try ModelCard(jsonData: legacy.jsonData()).verifyHash()
        let earlier = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_764_151_200.999))
        let later = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_764_151_201.001))
        #expect(legacy.isNewer(than: earlier) && later.isNewer(than: legacy))
    }
}
