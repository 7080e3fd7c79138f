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
        let predictions = try batch.predictions(by: predictor)
        metrics.predictions.increment(by: Int64(predictions.count))
        context.logger.info(
            "prediction returned",
            metadata: ["records": .string(String(predictions.count)), "first_prediction": .string(String(predictions[0]))])
        return .json(PredictionBatch.responseBody(predictions))
    }
}

extension PredictionBatch {
    /// The model's answer for every record, or the first record's reason it has none, as the API's error.
    ///
    /// This and ``init(body:encoding:maxRecords:)`` are the whole of `/predict` after the body is read, so the
    /// fuzzer drives exactly what the route runs.
    func predictions(by predictor: Predictor) throws(APIError) -> [Double] {
        do {
            return isArray ? try predictor.predict(records) : [try predictor.predict(records[0])]
        } catch {
            throw APIError(status: .unprocessableContent, message: error.description, field: error.field, record: error.record)
        }
    }

    /// `{"predict": [...]}`.
    static func responseBody(_ predictions: [Double]) -> Data {
        JSONValue.object(["predict": .array(predictions.map(JSONValue.number))]).encoded()
    }
}
