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
        let batch = try PredictionBatch(body: Data(body.readableBytesView), predictor: predictor, maxRecords: maxRecords)
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
    /// This and ``init(body:predictor:maxRecords:)`` are the whole of `/predict` after the body is read, so the
    /// fuzzer drives exactly what the route runs.
    func predictions(by predictor: Predictor) throws(APIError) -> [Double] {
        let predictions: [Double]
        do {
            predictions = isArray ? try predictor.predict(records) : [try predictor.predict(records[0])]
        } catch {
            throw APIError(status: .unprocessableContent, message: error.description, field: error.field, record: error.record)
        }
        // Finite inputs can still overflow: a measurement with no plausible range (any non-negative number)
        // times its weight. JSON has no infinity, so such an answer cannot be written; it is the input's fault.
        if let index = predictions.firstIndex(where: { !$0.isFinite }) {
            let numeric = predictor.encoding.terms.compactMap { term in if case .numeric(let name) = term { name } else { nil } }
            func size(_ name: String) -> Double { if case .number(let value)? = records[index][name] { abs(value) } else { 0 } }
            let field = numeric.max { size($0) < size($1) } ?? "record"
            let location = isArray ? "record \(index): " : ""
            throw APIError(
                status: .unprocessableContent,
                message: "\(location)the prediction is not a finite number; '\(field)' is far too large for this model", field: field,
                record: isArray ? index : nil)
        }
        return predictions
    }

    /// `{"predict": [...]}`, written directly: the numbers are finite (checked above) and take the shortest text
    /// that reads back as the same double, as JSONEncoder writes them, without building a tree per number.
    static func responseBody(_ predictions: [Double]) -> Data {
        var text = #"{"predict":["#
        text.reserveCapacity(16 + predictions.count * 20)
        for (index, prediction) in predictions.enumerated() {
            if index > 0 { text += "," }
            text += formatDouble(prediction)
        }
        text += "]}"
        return Data(text.utf8)
    }
}
