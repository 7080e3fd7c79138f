import Foundation
import HTTPTypes
import Synchronization
import Testing

@testable import PenguinServer

@Suite struct OperationalTests {
    @Test func pingHealthAndPrototype() async throws {
        try await TestServer().run { client in
            #expect(try await client.get("/ping").text == #"{"ping":"pong"}"#)
            #expect(try await client.get("/healthz")["status"]?.string == "ok")
            let prototype = try await client.get("/prototype")
            #expect(prototype["type"]?.string == "object")
            #expect(prototype["properties"]?["bill_length_mm"]?["minimum"]?.number == 10)
            #expect(prototype["properties"]?["species"]?["enum"] == ["Adelie", "Chinstrap", "Gentoo"])
        }
    }

    @Test func metadataIsTheCardPlusTheDatabaseKind() async throws {
        try await TestServer().run { client in
            let reply = try await client.get("/metadata")
            let card = TestModel.fitted.card
            #expect(reply["version"]?.string == card.version)
            #expect(reply["database"]?.string == "sqlite")
            #expect(reply["coefficients"]?["(Intercept)"]?.number == card.coefficients["(Intercept)"])
            for secretish in ["url", "dsn", "password", "host", "path", "location"] { #expect(reply[secretish] == nil) }
        }
    }

    @Test func readinessFollowsTheProbe() async throws {
        var configured = TestServer()
        configured.readinessCacheLifetime = .zero
        let server = configured
        server.probe.set(.notReady(reason: "database unreachable: connection refused"))
        try await server.run { client in
            let down = try await client.get("/readyz")
            #expect(down.status == .serviceUnavailable)
            #expect(down["ready"] == false)
            #expect(down["reason"]?.string == "database unreachable: connection refused")
            #expect(try await client.post("/predict", AuthTests.record).status == .ok, "/predict answers while the database is down")
            #expect(try await client.get("/metrics").text.contains("penguins_database_up 0"))
            server.probe.set(.ready)
            let up = try await client.get("/readyz")
            #expect(up.status == .ok)
            #expect(up.text == #"{"ready":true}"#)
            #expect(try await client.get("/metrics").text.contains("penguins_database_up 1"))
        }
    }

    @Test func readinessAnswersAreCachedForTheirLifetime() async throws {
        var configured = TestServer()
        configured.readinessCacheLifetime = .seconds(3600)
        let server = configured
        server.probe.set(.notReady(reason: "database unreachable: connection refused"))
        try await server.run { client in
            #expect(try await client.get("/readyz").status == .serviceUnavailable)
            let calls = server.probe.callCount
            server.probe.set(.ready)
            for _ in 0..<5 {
                let reply = try await client.get("/readyz")
                #expect(reply.status == .serviceUnavailable)
            }
            #expect(server.probe.callCount == calls)
        }
    }

    @Test("/metrics shows the log lines the log output dropped, as a counter that follows its count")
    func metricsShowDroppedLogLines() async throws {
        final class Count: Sendable { let value = Atomic<Int>(3) }
        let dropped = Count()
        var configured = TestServer()
        configured.droppedLogLines = { dropped.value.load(ordering: .relaxed) }
        try await configured.run { client in
            #expect(try await client.get("/metrics").text.contains("penguins_log_lines_dropped_total 3"))
            dropped.value.store(5, ordering: .relaxed)
            let text = try await client.get("/metrics").text
            #expect(text.contains("penguins_log_lines_dropped_total 5"), "\(text)")
        }
    }

    @Test func metricsCountRequestsPredictionsAndTheModel() async throws {
        try await TestServer().run { client in
            _ = try await client.post("/predict", "[\(AuthTests.record),\(AuthTests.record)]")
            _ = try await client.post("/predict", "[]")
            _ = try await client.get("/ping")
            let reply = try await client.get("/metrics")
            #expect(reply.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = reply.text
            #expect(text.contains(#"http_requests_total{route="/predict",method="POST",status="200"} 1"#), "\(text)")
            #expect(text.contains(#"http_requests_total{route="/predict",method="POST",status="400"} 1"#))
            #expect(text.contains(#"http_requests_total{route="/ping",method="GET",status="200"} 1"#))
            #expect(text.contains(#"http_request_duration_seconds_bucket{route="/predict",method="POST",status="200",le="+Inf"} 1"#))
            #expect(text.contains("penguins_predictions_total 2"))
            #expect(text.contains(#"penguins_model_info{name="penguins-body-mass",version="\#(TestModel.fitted.card.version)"} 1"#))
            #expect(text.contains("penguins_database_up 1"))
        }
    }

    @Test func requestIDIsEchoedOrReplaced() async throws {
        try await TestServer().run { client in
            #expect(try await client.get("/ping", headers: [.xRequestID: "trace-42"]).headers[.xRequestID] == "trace-42")
            let forged = try await client.get("/ping", headers: [.xRequestID: "x\" level=\"critical"]).headers[.xRequestID]
            #expect(forged != nil && forged?.contains("\"") == false)
        }
    }

    @Test func pagesAreSelfContained() async throws {
        try await TestServer().run { client in
            for path in ["/", "/docs"] {
                let page = try await client.get(path)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(!page.text.contains("<script src") && !page.text.contains("<link "))
            }
            let app = try await client.get("/").text
            for needle in [#"min="30""#, #"max="60""#, #"step="0.1""#, #"value="45""#, "Predicted body mass (g)", "aria-live", "Predict"] {
                #expect(app.contains(needle), "\(needle)")
            }
        }
    }
}
