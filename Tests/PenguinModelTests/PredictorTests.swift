import DataGateway
import Foundation
import PenguinJSON
import PenguinModel
import TestSupport
import Testing

@Suite struct PredictorTests {
    static let natural: [String: RecordValue] = ["bill_length_mm": 45, "species": "Gentoo", "sex": "male"]
    static let dummies: [String: RecordValue] = [
        "bill_length_mm": 45, "species_Chinstrap": false, "species_Gentoo": true, "sex_male": true,
    ]

    private func predictor() throws -> Predictor {
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "test")
        return try Predictor(card: ModelCard(jsonData: card.jsonData()))
    }

    @Test func bothShapesGiveTheHandComputedPrediction() throws {
        let predictor = try predictor()
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "test")
        let c = card.coefficients
        let intercept: Double = try #require(c["(Intercept)"])
        let bill: Double = try #require(c["bill_length_mm"])
        let chinstrap: Double = try #require(c["species_Chinstrap"])
        let gentoo: Double = try #require(c["species_Gentoo"])
        let male: Double = try #require(c["sex_male"])
        let byHand: Double = intercept + bill * 45 + chinstrap * 0 + gentoo * 1 + male * 1
        let natural = try predictor.predict(Self.natural)
        #expect(natural == (try predictor.predict(Self.dummies)))
        #expect(relativeError(natural, byHand) < 1e-15)
        #expect(relativeError(natural, ReferenceFitTests.gentooMale45) < 1e-9)
    }

    @Test func batchesAndDecodedJSON() throws {
        let body = #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"},"#
            + #"{"bill_length_mm":45,"species_Chinstrap":0,"species_Gentoo":1,"sex_male":1,"id":7,"island":"Biscoe"},"#
            + #"{"bill_length_mm":39.1,"species":"Adelie","sex":"female"}]"#
        guard case .array(let items) = try JSONValue.parse(Data(body.utf8)) else {
            Issue.record("the body is not an array")
            return
        }
        let records = items.compactMap { item -> [String: RecordValue]? in
            if case .object(let fields) = item { fields.compactMapValues(RecordValue.init) } else { nil }
        }
        #expect(records.count == 3)
        let predictions = try predictor().predict(records)
        #expect(predictions.count == 3)
        #expect(predictions[0] == predictions[1])
        #expect(relativeError(predictions[2], ReferenceFitTests.coefficients[0] + ReferenceFitTests.coefficients[1] * 39.1) < 1e-9)
    }

    @Test func unknownLevelNamesTheFieldAndTheAllowedLevels() throws {
        var record = Self.natural
        record["species"] = "Emperor"
        let expected = RecordError(field: "species", reason: .unknownLevel(value: "Emperor", allowed: ["Adelie", "Chinstrap", "Gentoo"]))
        #expect(throws: expected) { try predictor().predict(record) }
        #expect(expected.description == "'species' has unknown level 'Emperor'; allowed levels: Adelie, Chinstrap, Gentoo")
        #expect(throws: RecordError(field: "species", reason: expected.reason, record: 1)) {
            try predictor().predict([Self.natural, record])
        }
    }

    @Test func echoedClientTextIsBounded() throws {
        var record = Self.natural
        record["species"] = .string(String(repeating: "x", count: 300))
        let error = try #require(throws: RecordError.self) { try predictor().predict(record) }
        #expect(error.description == "'species' has unknown level '\(String(repeating: "x", count: 100))… (300 characters)'; allowed levels: Adelie, Chinstrap, Gentoo")
        let field = RecordError(field: String(repeating: "f", count: 150), reason: .unknownField(allowed: ["sex"]))
        #expect(field.description == "unknown field '\(String(repeating: "f", count: 100))… (150 characters)'; a record may have sex")
    }

    @Test(arguments: [
        (["species": "Gentoo", "sex": "male"], RecordError(field: "bill_length_mm", reason: .missing(expected: "a number"))),
        (["bill_length_mm": "45", "species": "Gentoo", "sex": "male"],
         RecordError(field: "bill_length_mm", reason: .wrongType(expected: "a number", found: "a string"))),
        (["bill_length_mm": 45, "species": "Gentoo", "species_Gentoo": true, "sex": "male"],
         RecordError(field: "species", reason: .bothShapes(dummies: ["species_Gentoo"]))),
        (["bill_length_mm": 45, "species_Chinstrap": true, "species_Gentoo": true, "sex": "male"],
         RecordError(field: "species", reason: .severalLevels(fields: ["species_Chinstrap", "species_Gentoo"]))),
        (["bill_length_mm": 45, "species_Gentoo": true, "sex": "male"],
         RecordError(field: "species_Chinstrap", reason: .missing(expected: "true or false (or 0 or 1)"))),
        (["bill_length_mm": 45, "species_Emperor": true, "sex": "male"],
         RecordError(field: "species_Emperor", reason: .unknownDummy(allowed: ["species_Chinstrap", "species_Gentoo"]))),
        (["bill_length_mm": 45, "species": "Gentoo"],
         RecordError(field: "sex", reason: .missing(expected: "one of female, male (or the dummies sex_male)"))),
        (["bill_length_mm": 45, "species": "Gentoo", "sex_male": "yes"],
         RecordError(field: "sex_male", reason: .wrongType(expected: "true or false (or 0 or 1)", found: "a string"))),
        (["bill_length_mm": 45, "species": "Gentoo", "sex_male": 2],
         RecordError(field: "sex_male", reason: .wrongType(expected: "true or false (or 0 or 1)", found: "2"))),
        (["bill_length_mm": 45, "species": true, "sex": "male"],
         RecordError(field: "species", reason: .wrongType(expected: "one of the levels as a string", found: "a boolean"))),
    ] as [([String: RecordValue], RecordError)])
    func badRecordsNameTheField(record: [String: RecordValue], expected: RecordError) throws {
        #expect(throws: expected) { try predictor().predict(record) }
    }

    @Test func scoresAFrameWithNilForIncompleteRows() throws {
        let frame = try PenguinsFixture.frame()
        let model = try LinearModel.fit(.penguins, to: frame)
        let scores = try model.predictor.predict(frame)
        #expect(scores.count == 344)
        #expect(scores.filter { $0 == nil }.count == 11)
        #expect(scores[3] == nil)
        let first: [String: RecordValue] = ["bill_length_mm": 39.1, "species": "Adelie", "sex": "male"]
        #expect(scores[0] == (try model.predictor.predict(first)))
        // The fitted values reproduce the training MAE.
        let mass = try frame.column("body_mass_g")
        let errors = scores.indices.compactMap { row in scores[row].map { abs($0 - mass.numeric(row)!) } }
        #expect(relativeError(errors.reduce(0, +) / Double(errors.count), ReferenceFitTests.mae) < 1e-9)
    }

    @Test func scoringAFrameWithAnUnknownLevelFails() throws {
        let frame = try PenguinsFixture.frame()
        let species = try frame.column("species")
        let predictor = try LinearModel.fit(.penguins, to: frame.filter { species.string($0) != "Gentoo" }).predictor
        #expect(throws: RecordError(field: "species", reason: .unknownLevel(value: "Gentoo", allowed: ["Adelie", "Chinstrap"]), record: 152)) {
            try predictor.predict(frame)
        }
    }
}
