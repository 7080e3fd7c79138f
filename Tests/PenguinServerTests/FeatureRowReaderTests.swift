import Foundation
import Hummingbird
import PenguinModel
import Testing

@testable import PenguinServer

/// The feature-row reader takes the usual `/predict` body straight to feature rows and leaves every other body
/// to the JSON tree path. These pin down which bodies it takes (so the fast path is not silently unused) and
/// that what it takes it predicts exactly as the model does for the same record; the fuzzer compares it with
/// the tree path on every generated body.
@Suite("Feature-row reader")
struct FeatureRowReaderTests {
    let reader = FeatureRowReader(predictor: try! Predictor(card: TestModel.fitted.card))

    private func fast(_ text: String, maxRecords: Int = 10_000) -> [Double]? {
        Data(text.utf8).withUnsafeBytes { reader.predictions(in: $0, maxRecords: maxRecords) }
    }

    private func model(_ records: [[String: RecordValue]]) throws -> [Double] {
        try reader.predictor.predict(records)
    }

    private static func bits(_ values: [Double]?) -> [UInt64]? { values?.map(\.bitPattern) }

    @Test("Reads both record shapes, a bare object, and whitespace anywhere JSON allows it, as the model predicts")
    func readsTheUsualBodies() throws {
        let gentoo: [String: RecordValue] = ["bill_length_mm": 45, "species": "Gentoo", "sex": "male"]
        let adelie: [String: RecordValue] = ["bill_length_mm": 39.1, "species": "Adelie", "sex": "female"]
        let chinstrap: [String: RecordValue] = ["bill_length_mm": 50.25, "species": "Chinstrap", "sex": "male"]
        let cases: [(String, [[String: RecordValue]])] = [
            (#"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#, [gentoo]),
            (#"[{"bill_length_mm":45.0,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#, [gentoo]),
            (#"{"sex_male":false,"species_Gentoo":false,"bill_length_mm":3.91e1,"species_Chinstrap":false}"#, [adelie]),
            (" \n{ \"sex\" :\t\"female\" ,\r\n \"species\":\"Adelie\", \"bill_length_mm\" : 39.1 } \n", [adelie]),
            (
                #"[{"species":"Chinstrap","sex_male":true,"bill_length_mm":50.25} , {"bill_length_mm":45,"sex":"male","species":"Gentoo"}]"#,
                [chinstrap, gentoo]
            ),
        ]
        for (body, records) in cases {
            let predictions = try #require(fast(body), "declined: \(body)")
            #expect(Self.bits(predictions) == Self.bits(try model(records)), "\(body)")
        }
    }

    @Test(
        "Declines what the tree path must word or read differently; the batch then answers as the tree path does",
        arguments: [
            #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male","island":"Biscoe"}]"#,  // unknown field
            #"[{"bill_length_mm":45,"bill_length_mm":46,"species":"Gentoo","sex":"male"}]"#,  // repeated field
            #"[{"bill_length_mm":null,"species":"Gentoo","sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species":null,"species_Gentoo":true,"species_Chinstrap":false,"sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species_Chinstrap":0,"species_Gentoo":1,"sex":"male"}]"#,  // 0/1 dummies
            #"[{"bill_length_mm":45,"species":"Gent\u006fo","sex":"male"}]"#,  // an escape
            #"[{"bill_length_mm":45,"species":"Emperor","sex":"male"}]"#,
            #"[{"bill_length_mm":450,"species":"Gentoo","sex":"male"}]"#,  // out of range
            #"[{"bill_length_mm":"45","species":"Gentoo","sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species":"Gentoo","species_Gentoo":true,"species_Chinstrap":false,"sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species_Chinstrap":true,"species_Gentoo":true,"sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species_Gentoo":true,"sex":"male"}]"#,  // a dummy missing
            #"[{"species":"Gentoo","sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"},]"#,
            #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}] x"#,
            #"[{"bill_length_mm":45.,"species":"Gentoo","sex":"male"}]"#,
            #"[{"bill_length_mm":NaN,"species":"Gentoo","sex":"male"}]"#,
            #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"},{}]"#,
            "[]", "{}", "", "null", "[[]]",
        ])
    func declines(_ body: String) {
        #expect(fast(body) == nil)
        let batch = Result { () throws(APIError) in try PredictionBatch(body: ByteBuffer(string: body), reader: reader, maxRecords: 10_000).predictions }
        let tree = Result { () throws(APIError) in try PredictionBatch(tree: Data(body.utf8), predictor: reader.predictor, maxRecords: 10_000).predictions }
        switch (batch, tree) {
        case (.success(let answered), .success(let expected)): #expect(Self.bits(answered) == Self.bits(expected))
        case (.failure(let answered), .failure(let expected)):
            #expect(answered.status == expected.status && answered.message == expected.message)
            #expect(answered.field == expected.field && answered.record == expected.record)
        default: Issue.record("the batch gave \(batch); the tree path gives \(tree)")
        }
    }

    @Test("A batch over the record limit is left to the tree path, which refuses it with 413")
    func recordLimit() throws {
        let record = #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#
        #expect(fast("[" + Array(repeating: record, count: 3).joined(separator: ",") + "]", maxRecords: 3)?.count == 3)
        let over = "[" + Array(repeating: record, count: 4).joined(separator: ",") + "]"
        #expect(fast(over, maxRecords: 3) == nil)
        let error = #expect(throws: APIError.self) { try PredictionBatch(body: ByteBuffer(string: over), reader: reader, maxRecords: 3) }
        #expect(error?.status == .contentTooLarge)
        // A bare object is one record, so a limit of zero refuses it too.
        #expect(fast(record, maxRecords: 0) == nil)
        #expect(throws: APIError.self) { try PredictionBatch(body: ByteBuffer(string: record), reader: reader, maxRecords: 0) }
    }
}
