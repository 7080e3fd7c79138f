import Foundation
import HTTPTypes
import PenguinModel
import Testing

@testable import PenguinServer

@Suite struct PredictTests {
    /// The labs' reference answer for 45 mm, Gentoo, male, from R's lm and scikit-learn.
    static let labsPrediction = 5275.663941169738

    private func predictions(_ reply: Reply) -> [Double] {
        guard case .array(let values)? = reply["predict"] else { return [] }
        return values.compactMap(\.number)
    }

    @Test func vetiverRequestGivesTheLabsPrediction() async throws {
        try await TestServer().run { client in
            let reply = try await client.post(
                "/predict", #"[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            let values = predictions(reply)
            #expect(values.count == 1)
            #expect(abs(values[0] - Self.labsPrediction) < 1e-9)
        }
    }

    @Test func naturalShapeBareObjectAndNumericDummiesAgree() async throws {
        try await TestServer().run { client in
            let bodies = [
                #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#,
                #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#,
                #"{"bill_length_mm":45,"species_Chinstrap":0,"species_Gentoo":1,"sex_male":1}"#,
                #"[{"bill_length_mm":45,"species":"Gentoo","sex_male":true}]"#,
            ]
            for body in bodies {
                let reply = try await client.post("/predict", body)
                #expect(reply.status == .ok, "\(body): \(reply.text)")
                #expect(abs((predictions(reply).first ?? 0) - Self.labsPrediction) < 1e-9, "\(body)")
            }
        }
    }

    @Test func batchKeepsOrder() async throws {
        try await TestServer().run { client in
            let reply = try await client.post(
                "/predict",
                #"[{"bill_length_mm":39.1,"species":"Adelie","sex":"female"},{"bill_length_mm":45,"species":"Gentoo","sex":"male"},{"bill_length_mm":50,"species":"Chinstrap","sex":"female"}]"#
            )
            let values = predictions(reply)
            let predictor = try Predictor(card: TestModel.fitted.card)
            #expect(values.count == 3)
            #expect(abs(values[1] - Self.labsPrediction) < 1e-9)
            #expect(values[0] == (try predictor.predict(["bill_length_mm": 39.1, "species": "Adelie", "sex": "female"])))
            #expect(values[2] == (try predictor.predict(["bill_length_mm": 50, "species": "Chinstrap", "sex": "female"])))
        }
    }

    @Test func predictionEventsAndRequestLineAreLogged() async throws {
        let server = TestServer()
        try await server.run { client in
            _ = try await client.post("/predict", #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#, headers: [.xRequestID: "abc-123"])
        }
        let events = server.logs.events
        // The answer is logged for debugging only; at info and above the request line is the request's one line.
        #expect(events.contains {
            $0.message == "prediction returned" && $0.level == .debug && $0.metadata["records"] == "1" && $0.metadata["request_id"] == "abc-123"
        })
        #expect(events.filter { $0.level >= .info && $0.metadata["request_id"] == "abc-123" }.map(\.message) == ["request"])
        let line = try #require(events.last { $0.message == "request" && $0.metadata["path"] == "/predict" })
        #expect(line.metadata["request_id"] == "abc-123")
        #expect(line.metadata["method"] == "POST")
        #expect(line.metadata["status"] == "200")
        #expect(line.metadata["records"] == "1")
        #expect(Double(line.metadata["duration_ms"] ?? "") != nil)
        #expect(line.metadata["hb.request.id"] == nil)
    }
}
