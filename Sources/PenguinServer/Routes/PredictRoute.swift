import Foundation
import HTTPTypes
import Hummingbird
import Logging
import DataGateway
import PenguinLogging
import PenguinModel

extension PenguinRoutes {
    /// `POST /predict`: vetiver's contract. Every rejection is thrown as an ``APIError`` before the model
    /// sees the input, or mapped from the predictor's ``RecordError``. Answers and rejections alike name
    /// the version that judged the input in `X-Model-Version`.
    func predict(_ request: Request, model: ServedModel, context: Context) async throws -> Response {
        let body = try await self.body(of: request, context: context)
        let batch: PredictionBatch
        do {
            batch = try PredictionBatch(body: body, reader: model.reader, maxRecords: maxRecords)
        } catch {
            var versioned = error
            versioned.headers[.xModelVersion] = model.version
            throw versioned
        }
        let predictions = batch.predictions
        context.facts.records = predictions.count
        metrics.predictions.increment(by: Int64(predictions.count))
        // The request line carries `records`; this one is for debugging a model's answers.
        context.logger.debug(
            "prediction returned",
            metadata: ["records": .stringConvertible(predictions.count), "first_prediction": .stringConvertible(predictions[0])])
        let answered = AnsweredBatch(version: model.version, predictions: predictions, terms: model.inputs, featureRows: batch.featureRows)
        model.liveDrift?.record(answered)
        if let predictionLog, case .string(let requestID)? = context.logger[metadataKey: "request_id"] {
            predictionLog.append(
                LoggedRequest(
                    requestID: requestID, answeredAt: .now(), latencySeconds: (ContinuousClock.now - context.facts.arrived).milliseconds / 1_000,
                    batch: answered))
        }
        return .json(PredictionBatch.responseBody(predictions)).versioned(by: model)
    }

    /// The body, refused with 413 once it passes `maxBodyBytes`, and given up on when it is still arriving
    /// `bodyTimeout` after the route started: the idle timeout closes a connection that stops sending, this
    /// one that sends a byte now and then for ever. Such a client gets no answer; its connection is closed.
    private func body(of request: Request, context: Context) async throws -> ByteBuffer {
        let deadline = ContinuousClock.now + bodyTimeout
        var body = ByteBuffer()
        for try await chunk in request.body {
            guard ContinuousClock.now < deadline else {
                context.closeConnection()
                throw APIError(status: .requestTimeout, message: "the body took longer than \(bodyTimeout) to arrive", field: "body")
            }
            guard body.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                throw APIError(
                    status: .contentTooLarge, message: "the body is larger than \(maxBodyBytes) bytes; split the batch", field: "body")
            }
            if body.readableBytes == 0 { body = chunk } else { body.writeImmutableBuffer(chunk) }
        }
        return body
    }
}

extension PredictionBatch {
    /// `{"predict": [...]}`, written directly into the response's buffer: the numbers are finite (checked above)
    /// and take the shortest text that reads back as the same double, as JSONEncoder writes them, without
    /// building a tree or a string per number.
    static func responseBody(_ predictions: [Double]) -> ByteBuffer {
        var text = ByteBufferText(ByteBuffer())
        text.buffer.reserveCapacity(16 + predictions.count * 20)
        text.buffer.writeStaticString(#"{"predict":["#)
        for (index, prediction) in predictions.enumerated() {
            if index > 0 { text.buffer.writeInteger(UInt8(ascii: ",")) }
            writeDouble(prediction, to: &text)
        }
        text.buffer.writeStaticString("]}")
        return text.buffer
    }
}

/// A `ByteBuffer` as a text stream, so numbers are written into a response's bytes without a `String` each.
struct ByteBufferText: TextOutputStream {
    var buffer: ByteBuffer

    init(_ buffer: ByteBuffer) {
        self.buffer = buffer
    }

    mutating func write(_ string: String) {
        buffer.writeString(string)
    }

    /// The standard library's numbers write their ASCII through this; its default makes a `String` first.
    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.writeBytes(bytes)
    }
}

extension Response {
    /// The response with `X-Model-Version` naming the version that produced it.
    func versioned(by model: ServedModel) -> Response {
        var response = self
        response.headers[.xModelVersion] = model.version
        return response
    }
}

extension HTTPField.Name {
    static let xModelVersion = Self("X-Model-Version")!
}
