import Foundation
import Hummingbird
import Logging
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
        let batch = try PredictionBatch(body: Data(body.readableBytesView), encoding: predictor.encoding, maxRecords: maxRecords)
        context.facts.records = batch.records.count
        context.logger.info("prediction requested", metadata: ["records": .string(String(batch.records.count))])
        let predictions: [Double]
        do {
            predictions = batch.isArray ? try predictor.predict(batch.records) : [try predictor.predict(batch.records[0])]
        } catch {
            throw APIError(status: .unprocessableContent, message: error.description, field: error.field, record: error.record)
        }
        metrics.predictions.increment(by: Int64(predictions.count))
        context.logger.info(
            "prediction returned",
            metadata: ["records": .string(String(predictions.count)), "first_prediction": .string(String(predictions[0]))])
        return .json(JSONValue.object(["predict": .array(predictions.map(JSONValue.number))]).encoded())
    }
}
