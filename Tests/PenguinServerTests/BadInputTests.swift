import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import PenguinServer

@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let status: Int
        let field: String
        var record: Int? = nil
        var testDescription: String { name }
    }

    static let good = #""bill_length_mm":45,"species":"Gentoo","sex":"male""#

    static let cases: [Case] = [
        Case(name: "malformed JSON", body: #"[{"bill_length_mm":45,"#, status: 400, field: "body"),
        Case(name: "empty body", body: "", status: 400, field: "body"),
        Case(name: "a string body", body: #""hello""#, status: 400, field: "body"),
        Case(name: "empty array", body: "[]", status: 400, field: "body"),
        Case(name: "a record that is not an object", body: "[1]", status: 422, field: "record", record: 0),
        Case(name: "number as string", body: #"[{"bill_length_mm":"45","species":"Gentoo","sex":"male"}]"#, status: 422, field: "bill_length_mm", record: 0),
        Case(name: "species as number", body: #"{"bill_length_mm":45,"species":3,"sex":"male"}"#, status: 422, field: "species"),
        Case(name: "nested value", body: #"{"bill_length_mm":[45],"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        Case(name: "missing bill length", body: #"[{"species":"Gentoo","sex":"male"}]"#, status: 422, field: "bill_length_mm", record: 0),
        Case(name: "null bill length", body: #"{"bill_length_mm":null,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        Case(name: "missing species", body: #"{"bill_length_mm":45,"sex":"male"}"#, status: 422, field: "species"),
        Case(name: "unknown field", body: #"{\#(good),"island":"Biscoe"}"#, status: 422, field: "island"),
        Case(name: "a field with an empty name", body: #"[{\#(good),"":1}]"#, status: 422, field: "record", record: 0),
        Case(name: "unknown level", body: #"{"bill_length_mm":45,"species":"Emperor","sex":"male"}"#, status: 422, field: "species"),
        Case(name: "unknown dummy", body: #"{"bill_length_mm":45,"species_Emperor":true,"sex":"male"}"#, status: 422, field: "species_Emperor"),
        Case(name: "both shapes", body: #"{\#(good),"species_Gentoo":true,"species_Chinstrap":false}"#, status: 422, field: "species"),
        Case(name: "two levels at once", body: #"{"bill_length_mm":45,"species_Chinstrap":true,"species_Gentoo":true,"sex_male":true}"#, status: 422, field: "species"),
        Case(name: "NaN", body: #"[{"bill_length_mm":NaN,"species":"Gentoo","sex":"male"}]"#, status: 422, field: "bill_length_mm", record: 0),
        Case(name: "Infinity", body: #"{"bill_length_mm":Infinity,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        // Only a field of the model is named; NaN under an empty or unknown key is a syntax error of the body.
        Case(name: "NaN under an empty key", body: #"[{\#(good),"":NaN}]"#, status: 400, field: "body"),
        Case(name: "NaN under an unknown key", body: #"{\#(good),"weight":NaN}"#, status: 400, field: "body"),
        Case(name: "+Infinity", body: #"{"bill_length_mm":+Infinity,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        Case(name: "NaN beside another syntax error", body: #"[{"bill_length_mm":NaN,"species":"Gentoo","sex":male}]"#, status: 400, field: "body"),
        Case(name: "NaN as text is a string", body: #"{"bill_length_mm":"NaN","species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        // Each of these made Foundation's JSON5 parser, once used to find NaN, trap and end the server (the fuzzer).
        Case(name: "a number cut at its exponent", body: #"{"bill_length_mm":4.9e-,"species":"Gentoo","sex":"male"}"#, status: 400, field: "body"),
        Case(name: "a bare number cut at its exponent", body: "1e-", status: 400, field: "body"),
        Case(name: "an exponent sign and a brace", body: #"[{"bill_length_mm":1e+}]"#, status: 400, field: "body"),
        Case(name: "a 400-digit number", body: String(repeating: "9", count: 400), status: 400, field: "body"),
        Case(name: "a 400-digit field", body: #"{"bill_length_mm":\#(String(repeating: "9", count: 400)),"species":"Gentoo","sex":"male"}"#, status: 400, field: "body"),
        // Decoding costs time quadratic in depth; 511 deep took 1.8 s of CPU for a 1 KB body (the fuzzer).
        Case(name: "nested 17 deep", body: String(repeating: "[", count: 17) + String(repeating: "]", count: 17), status: 400, field: "body"),
        Case(name: "nested 511 deep", body: String(repeating: "[", count: 511) + String(repeating: "]", count: 511), status: 400, field: "body"),
        Case(name: "objects nested 5,000 deep", body: String(repeating: #"{"species":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000), status: 400, field: "body"),
        Case(name: "brackets inside strings do not count", body: #"{"bill_length_mm":45,"species":"\#(String(repeating: "[", count: 40))","sex":"male"}"#, status: 422, field: "species"),
        Case(name: "nested 16 deep is parsed", body: String(repeating: "[", count: 15) + "{}" + String(repeating: "]", count: 15), status: 422, field: "record", record: 0),
        Case(name: "-Infinity", body: #"{"bill_length_mm":-Infinity,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        // JSON parsers refuse a number that overflows a double before any field is known.
        Case(name: "overflowing number", body: #"{"bill_length_mm":1e999,"species":"Gentoo","sex":"male"}"#, status: 400, field: "body"),
        Case(name: "negative", body: #"{"bill_length_mm":-45,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        Case(name: "too short", body: #"{"bill_length_mm":9.99,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        Case(name: "too long", body: #"{"bill_length_mm":100.5,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
        Case(name: "second record bad", body: #"[{\#(good)},{"bill_length_mm":45,"species":"Gentoo","sex":"unknown"}]"#, status: 422, field: "sex", record: 1),
        Case(name: "too many records", body: "[" + Array(repeating: "{\(good)}", count: 10_001).joined(separator: ",") + "]", status: 413, field: "body"),
        Case(name: "body over 1 MiB", body: String(repeating: " ", count: 1 << 20) + "[{\(good)}]", status: 413, field: "body"),
    ]

    @Test(arguments: cases) func rejected(_ testCase: Case) async throws {
        try await TestServer().run { client in
            let reply = try await client.post("/predict", testCase.body)
            #expect(Int(reply.status.code) == testCase.status, "\(reply.text)")
            #expect(reply["field"]?.string == testCase.field, "\(reply.text)")
            #expect(reply["error"]?.string?.isEmpty == false)
            #expect(reply["error"]?.string?.contains("cannot be parsed") == false, "\(reply.text)")
            #expect(reply["record"]?.number.map { Int($0) } == testCase.record, "\(reply.text)")
        }
    }

    @Test func boundariesAreAccepted() async throws {
        try await TestServer().run { client in
            for length in ["10", "100"] {
                let reply = try await client.post("/predict", #"{"bill_length_mm":\#(length),"species":"Adelie","sex":"female"}"#)
                #expect(reply.status == .ok, "\(length): \(reply.text)")
            }
        }
    }

    /// A measurement with no plausible range accepts any finite number, and a huge one overflowed the
    /// prediction to infinity, which the response encoder cannot write: the server trapped and exited (found
    /// by the /predict fuzzer). It is a 422 naming the field now, and the server keeps answering.
    @Test func predictionThatOverflowsIsRejected() async throws {
        try await TestServer(card: PredictFuzzTests.unboundedCard).run { client in
            let single = try await client.post("/predict", #"{"bill_length_mm":45,"year":1e308,"island":"Dream"}"#)
            #expect(single.status == .unprocessableContent, "\(single.text)")
            #expect(single["field"]?.string == "year", "\(single.text)")
            #expect(single["error"]?.string?.contains("not a finite number") == true, "\(single.text)")
            let huge = try await client.post("/predict", #"[{"bill_length_mm":45,"year":2008,"island":"Dream"},{"bill_length_mm":45,"year":1.7e308,"island":"Biscoe"}]"#)
            #expect(huge.status == .unprocessableContent, "\(huge.text)")
            #expect(huge["record"]?.number == 1, "\(huge.text)")
            #expect(try await client.post("/predict", #"{"bill_length_mm":45,"year":2008,"island":"Dream"}"#).status == .ok)
        }
    }

    /// Bodies that are not UTF-8, among them one that made Foundation's JSON5 scanner trap and so ended the
    /// server (found by the /predict fuzzer): each is a 400 on the body.
    @Test(arguments: [
        Array("{".utf8) + [0xFB] + Array("a:1}".utf8), Array(#"[{"bill_length_mm":45,"#.utf8) + [0xFB] + Array(#""sex":"male"}]"#.utf8),
        Array("[{\n".utf8) + [0xFB] + Array(#"  "year":2007}]"#.utf8), [0xFF, 0xFE, 0x7B, 0x7D], Array(#"{"species":""#.utf8) + [0xC3, 0x22, 0x7D],
    ])
    func invalidUTF8IsABadRequest(_ bytes: [UInt8]) async throws {
        try await TestServer().run { checked in
            let response = try await checked.client.execute(uri: "/predict", method: .post, body: ByteBuffer(bytes: bytes))
            let reply = Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply["field"]?.string == "body", "\(reply.text)")
            #expect(reply["error"]?.string?.isEmpty == false, "\(reply.text)")
        }
    }

    @Test func rejectionIsLoggedWithItsReason() async throws {
        let server = TestServer()
        try await server.run { client in _ = try await client.post("/predict", "[]") }
        #expect(server.logs.events.contains { $0.message == "request rejected" && $0.metadata["field"] == "body" && $0.metadata["status"] == "400" })
    }

    @Test func unknownRouteAndWrongMethod() async throws {
        try await TestServer().run { client in
            let missing = try await client.get("/nope")
            #expect(missing.status == .notFound)
            #expect(missing["field"]?.string == "path")
            let wrongMethod = try await client.get("/predict")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            let delete = try await client.send("/ping", method: .delete)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, HEAD")
        }
    }
}
