import Foundation
import HTTPTypes
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
        Case(name: "unknown level", body: #"{"bill_length_mm":45,"species":"Emperor","sex":"male"}"#, status: 422, field: "species"),
        Case(name: "unknown dummy", body: #"{"bill_length_mm":45,"species_Emperor":true,"sex":"male"}"#, status: 422, field: "species_Emperor"),
        Case(name: "both shapes", body: #"{\#(good),"species_Gentoo":true,"species_Chinstrap":false}"#, status: 422, field: "species"),
        Case(name: "two levels at once", body: #"{"bill_length_mm":45,"species_Chinstrap":true,"species_Gentoo":true,"sex_male":true}"#, status: 422, field: "species"),
        Case(name: "NaN", body: #"[{"bill_length_mm":NaN,"species":"Gentoo","sex":"male"}]"#, status: 422, field: "bill_length_mm", record: 0),
        Case(name: "Infinity", body: #"{"bill_length_mm":Infinity,"species":"Gentoo","sex":"male"}"#, status: 422, field: "bill_length_mm"),
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
            #expect(delete.headers[.allow] == "GET")
        }
    }
}
