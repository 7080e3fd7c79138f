import Foundation
import Hummingbird
import Logging
import DataGateway
import PenguinModel

extension PenguinRoutes {
    /// `POST /predict`: vetiver's contract. Every rejection is thrown as an ``APIError`` before the model
    /// sees the input, or mapped from the predictor's ``RecordError``.
    func predict(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(
                status: .contentTooLarge, message: "the body is larger than \(maxBodyBytes) bytes; split the batch", field: "body")
        }
        let predictions = try PredictionBatch(body: body, reader: reader, maxRecords: maxRecords).predictions
        context.facts.records = predictions.count
        metrics.predictions.increment(by: Int64(predictions.count))
        context.logger.info(
            "prediction returned",
            metadata: ["records": .string(String(predictions.count)), "first_prediction": .string(String(predictions[0]))])
        return .json(PredictionBatch.responseBody(predictions))
    }
}

extension PredictionBatch {
    /// `{"predict": [...]}`, written directly: the numbers are finite (checked above) and take the shortest text
    /// that reads back as the same double, as JSONEncoder writes them, without building a tree per number.
    static func responseBody(_ predictions: [Double]) -> Data {
        var text = #"{"predict":["#
        text.reserveCapacity(16 + predictions.count * 20)
        for (index, prediction) in predictions.enumerated() {
            if index > 0 { text += "," }
            writeDouble(prediction, to: &text)
        }
        text += "]}"
        return Data(text.utf8)
    }
}
