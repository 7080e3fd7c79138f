import Foundation
import PenguinJSON
import Testing

@testable import PenguinServer

@Suite struct OpenAPITests {
    /// The routes the issue lists, written out rather than taken from ``Endpoint`` so that the test
    /// catches a route dropped from the enum too.
    static let routes: [(path: String, method: String)] = [
        ("/predict", "post"), ("/ping", "get"), ("/metadata", "get"), ("/prototype", "get"), ("/openapi.json", "get"),
        ("/docs", "get"), ("/healthz", "get"), ("/readyz", "get"), ("/metrics", "get"), ("/", "get"), ("/favicon.ico", "get"),
    ]

    @Test func documentListsEveryRouteWithResponses() async throws {
        try await TestServer().run { client in
            let reply = try await client.get("/openapi.json")
            let document = try #require(reply.json)
            // Kept as an artifact so external validators (openapi-spec-validator, schemathesis) can be run on it.
            try FileManager.default.createDirectory(at: BrowserTests.artifacts, withIntermediateDirectories: true)
            try Data(reply.text.utf8).write(to: BrowserTests.artifacts.appending(path: "openapi.json"))
            #expect(document["openapi"]?.string == "3.1.0")
            #expect(document["info"]?["title"]?.string != nil)
            #expect(document["info"]?["version"]?.string != nil)
            guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
            #expect(Set(paths.keys) == Set(Self.routes.map(\.path)))
            for route in Self.routes {
                let operation = try #require(paths[route.path]?[route.method], "\(route)")
                guard case .object(let responses)? = operation["responses"] else { Issue.record("\(route) has no responses"); continue }
                #expect(!responses.isEmpty)
                #expect(operation["operationId"]?.string != nil)
            }
            #expect(document["components"]?["schemas"]?["Error"]?["required"] == ["error", "field"])
        }
    }

    @Test func everyReferenceResolvesAndExamplesFitTheSchema() async throws {
        try await TestServer().run { client in
            let document = try #require(try await client.get("/openapi.json").json)
            var references: [String] = []
            func collect(_ value: JSONValue) {
                switch value {
                case .object(let fields):
                    if case .string(let reference)? = fields["$ref"] { references.append(reference) }
                    fields.values.forEach(collect)
                case .array(let items): items.forEach(collect)
                default: break
                }
            }
            collect(document)
            #expect(!references.isEmpty)
            for reference in references {
                let target = reference.dropFirst(2).split(separator: "/").reduce(document as JSONValue?) { $0?[String($1)] }
                #expect(target != nil, "\(reference)")
            }
            let checker = OpenAPIChecker(document: document)
            let media = try #require(document["paths"]?["/predict"]?["post"]?["requestBody"]?["content"]?["application/json"])
            guard case .object(let examples)? = media["examples"] else { Issue.record("no examples"); return }
            for (name, example) in examples {
                let value = try #require(example["value"])
                #expect(checker.validate(value, against: try #require(media["schema"]), at: name).isEmpty, "\(name)")
                let reply = try await client.post("/predict", String(decoding: value.encoded(), as: UTF8.self))
                #expect(reply.status == .ok, "example \(name) must be accepted")
            }
            let record = try #require(document["components"]?["schemas"]?["Record"])
            let mixed: JSONValue = ["bill_length_mm": 45, "species": "Gentoo", "sex_male": true]
            let both: JSONValue = ["bill_length_mm": 45, "species": "Gentoo", "species_Gentoo": true, "species_Chinstrap": false, "sex": "male"]
            #expect(checker.validate(mixed, against: record, at: "mixed").isEmpty)
            #expect(!checker.validate(both, against: record, at: "both").isEmpty)
            // What the server refuses, the schema must refuse too: a level beside one of its dummies, two dummies
            // true, a dummy of 2, a null level.
            let refused: [JSONValue] = [
                ["bill_length_mm": 45, "species": "Gentoo", "species_Gentoo": true, "sex": "male"],
                ["bill_length_mm": 45, "species_Gentoo": 1, "species_Chinstrap": true, "sex": "male"],
                ["bill_length_mm": 45, "species": "Gentoo", "sex_male": 2],
                ["bill_length_mm": 45, "species": nil, "species_Gentoo": true, "species_Chinstrap": false, "sex": "male"],
            ]
            for value in refused {
                let reply = try await client.post("/predict", String(decoding: value.encoded(), as: UTF8.self))
                #expect(reply.status == .unprocessableContent, "\(value)")
                #expect(!checker.validate(value, against: record, at: "record").isEmpty, "the schema accepts \(value)")
            }
            let accepted: JSONValue = ["bill_length_mm": 45, "species_Gentoo": 1, "species_Chinstrap": 0, "sex_male": false]
            #expect(try await client.post("/predict", String(decoding: accepted.encoded(), as: UTF8.self)).status == .ok)
            #expect(checker.validate(accepted, against: record, at: "record").isEmpty)
        }
    }
}
