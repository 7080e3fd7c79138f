import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import PenguinServer

/// Issue 16 §4: HEAD, the favicon, nosniff, and a strict `/predict` whose errors say what was sent.
@Suite struct HTTPMannersTests {
    static let getPaths = ["/", "/ping", "/metadata", "/prototype", "/openapi.json", "/docs", "/healthz", "/readyz", "/metrics", "/favicon.ico"]

    @Test("HEAD answers every GET route with its status and headers and no body")
    func headOnEveryGetRoute() async throws {
        try await TestServer().run { client in
            for path in Self.getPaths {
                let get = try await client.get(path)
                let head = try await client.send(path, method: .head)
                #expect(head.status == get.status, "\(path)")
                #expect(head.text.isEmpty, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                if path != "/metrics" {  // the metrics text changes between the two calls
                    #expect(head.headers[.contentLength] == get.headers[.contentLength], "\(path)")
                }
            }
            let wrong = try await client.send("/predict", method: .head)
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.text.isEmpty)
            #expect(try await client.send("/ping", method: .delete).headers[.allow] == "GET, HEAD")
        }
    }

    @Test("/favicon.ico is 204 and logs no rejection")
    func favicon() async throws {
        let server = TestServer()
        try await server.run { client in
            let reply = try await client.get("/favicon.ico")
            #expect(reply.status == .noContent)
            #expect(reply.text.isEmpty)
        }
        #expect(!server.logs.events.contains { $0.message == "request rejected" })
    }

    @Test("Every response, errors included, is marked nosniff")
    func nosniffEverywhere() async throws {
        try await TestServer().run { client in
            var replies = [try await client.post("/predict", AuthTests.record), try await client.post("/predict", "[")]
            replies.append(try await client.get("/no-such-route"))
            replies.append(try await client.send("/predict", method: .get))
            for path in Self.getPaths { replies.append(try await client.get(path)) }
            for reply in replies { #expect(reply.headers[.xContentTypeOptions] == "nosniff", "\(reply.status) \(reply.text.prefix(80))") }
        }
    }

    @Test("A key repeated in a record is a 422 that names it and the record")
    func repeatedKey() async throws {
        try await TestServer().run { client in
            let single = try await client.post("/predict", #"{"bill_length_mm":45,"species":"Gentoo","sex":"male","bill_length_mm":46}"#)
            #expect(single.status == .unprocessableContent)
            #expect(single["field"]?.string == "bill_length_mm")
            #expect(single["error"]?.string?.contains("more than once") == true, "\(single.text)")
            let batch = try await client.post("/predict", "[\(AuthTests.record),{\"sex\":\"male\",\"bill_length_mm\":45,\"species\":\"Gentoo\",\"sex\":\"female\"}]")
            #expect(batch.status == .unprocessableContent)
            #expect(batch["field"]?.string == "sex")
            #expect(batch["record"]?.number == 1)
        }
    }

    @Test("null is reported as null, for a measurement, a level and a dummy")
    func nullIsNull() async throws {
        try await TestServer().run { client in
            for (body, field) in [
                (#"{"bill_length_mm":null,"species":"Gentoo","sex":"male"}"#, "bill_length_mm"),
                (#"{"bill_length_mm":45,"species":null,"sex":"male"}"#, "species"),
                (#"{"bill_length_mm":45,"species":"Gentoo","sex_male":null}"#, "sex_male"),
            ] {
                let reply = try await client.post("/predict", body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply["field"]?.string == field)
                let message = reply["error"]?.string ?? ""
                #expect(message.contains("not null") && !message.contains("missing"), "\(message)")
            }
            // A null level beside its dummies is both shapes, not a level left out.
            let both = try await client.post("/predict", #"{"bill_length_mm":45,"species":null,"species_Chinstrap":false,"species_Gentoo":true,"sex":"male"}"#)
            #expect(both.status == .unprocessableContent)
        }
    }

    @Test("A dummy of 2 is told that true/false and 0/1 are accepted")
    func dummyOfTwo() async throws {
        try await TestServer().run { client in
            let reply = try await client.post("/predict", #"{"bill_length_mm":45,"species":"Gentoo","sex_male":2}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply["field"]?.string == "sex_male")
            let message = reply["error"]?.string ?? ""
            #expect(message.contains("true or false") && message.contains("0 or 1") && message.contains("not 2"), "\(message)")
        }
    }

    @Test("A client's text is echoed at most 100 characters long, in the answer and the log")
    func echoesAreBounded() async throws {
        let long = String(repeating: "x", count: 5_000)
        let server = TestServer()
        try await server.run { client in
            let replies = [
                try await client.post("/predict", #"{"bill_length_mm":45,"species":"\#(long)","sex":"male"}"#),
                try await client.post("/predict", #"{"bill_length_mm":45,"species":"Gentoo","sex":"male","\#(long)":1}"#),
                try await client.post("/predict", #"{"bill_length_mm":45,"species_\#(long)":true,"sex":"male"}"#),
                try await client.get("/" + long),
            ]
            for reply in replies {
                #expect(reply.status.kind == .clientError)
                #expect((reply["error"]?.string?.count ?? .max) < 400, "\(reply.text.prefix(200))")
                #expect((reply["field"]?.string?.count ?? .max) < 130)
            }
        }
        for event in server.logs.events {
            for (key, value) in event.metadata { #expect(value.count < 400, "\(event.message) \(key)") }
        }
    }
}
