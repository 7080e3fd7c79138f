import Foundation
import Hummingbird
import DataGateway
import PenguinJSON
import PenguinModel

/// A `/predict` body's predictions, or the first reason it has none.
///
/// The predictor already words missing fields, wrong types and unknown levels; this adds what only the
/// API needs: JSON syntax, the array-or-object shape, the size limits, unknown fields and plausible ranges.
struct PredictionBatch {
    /// One per record, in the body's order.
    let predictions: [Double]

    /// What the route runs after reading the body: the usual body straight into feature rows, anything else
    /// through the JSON tree, where every fault is found and named.
    init(body: ByteBuffer, reader: FeatureRowReader, maxRecords: Int) throws(APIError) {
        if let predictions = body.withUnsafeReadableBytes({ reader.predictions(in: $0, maxRecords: maxRecords) }) {
            self.init(predictions: predictions)
        } else {
            try self.init(tree: Data(body.readableBytesView), predictor: reader.predictor, maxRecords: maxRecords)
        }
    }

    private init(predictions: [Double]) { self.predictions = predictions }

    /// The body read as a JSON tree and converted record by record: the path that words every error.
    init(tree body: Data, predictor: Predictor, maxRecords: Int) throws(APIError) {
        guard !body.isEmpty else {
            throw APIError(status: .badRequest, message: "the body is empty; send a JSON array of records", field: "body")
        }
        let items: [JSONValue]
        let isArray: Bool
        switch try Self.parse(body, fields: predictor.shape.names) {
        case .array(let values):
            items = values
            isArray = true
        case .object(let fields):
            items = [.object(fields)]
            isArray = false
        case let other:
            throw APIError(
                status: .badRequest, message: "the body must be a JSON array of records or one record object, not \(other.typeName)",
                field: "body")
        }
        guard !items.isEmpty else {
            throw APIError(status: .badRequest, message: "the array holds no records; send at least one", field: "body")
        }
        guard items.count <= maxRecords else {
            throw APIError(
                status: .contentTooLarge, message: "\(items.count) records is more than the limit of \(maxRecords) per request; split the batch",
                field: "body")
        }
        var records: [[String: RecordValue]] = []
        records.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                records.append(try Self.record(item, shape: predictor.shape))
            } catch {
                var located = error
                located.record = isArray ? index : nil
                throw located
            }
        }
        predictions = try Self.predictions(of: records, isArray: isArray, by: predictor)
    }

    /// The model's answer for every record, or the first record's reason it has none, as the API's error.
    private static func predictions(of records: [[String: RecordValue]], isArray: Bool, by predictor: Predictor) throws(APIError) -> [Double] {
        let predictions: [Double]
        do {
            predictions = isArray ? try predictor.predict(records) : [try predictor.predict(records[0])]
        } catch {
            throw APIError(status: .unprocessableContent, message: error.description, field: error.field.clippedForEcho, record: error.record)
        }
        // Finite inputs can still overflow: a measurement with no plausible range (any non-negative number)
        // times its weight. JSON has no infinity, so such an answer cannot be written; it is the input's fault.
        if let index = predictions.firstIndex(where: { !$0.isFinite }) {
            let numeric = predictor.shape.fields.map(\.name).filter { predictor.shape.range(of: $0) != nil }
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

    /// Strict JSON. A body that is not is read again with the grammar's non-finite tokens (``JSONGrammar/nonFinite``):
    /// Python's json module writes bare `NaN` and `Infinity` by default, so the caller hears which field is not
    /// finite rather than only that the body is not JSON.
    private static func parse(_ body: Data, fields known: Set<String>) throws(APIError) -> JSONValue {
        if let depth = nesting(of: body, over: maxNesting) {
            throw APIError(
                status: .badRequest,
                message: "the body nests arrays and objects \(depth) deep; send records as objects of plain values, in at most one array",
                field: "body")
        }
        do throws(JSONParser.Failure) {
            return try JSONValue.parse(body)
        } catch {
            if let key = error.repeatedKey?.clippedForEcho {
                // An empty key cannot be pointed at by its name, so the record is the part at fault.
                throw APIError(
                    status: .unprocessableContent, message: "'\(key)' is given more than once in a record; send each field once",
                    field: key.isEmpty ? "record" : key, record: error.element)
            }
            if let tree = try? JSONValue.parse(body, grammar: .nonFinite), let field = firstNonFinite(in: tree, among: known) {
                throw APIError(status: .unprocessableContent, message: "'\(field.name)' must be a finite number", field: field.name, record: field.record)
            }
            throw APIError(status: .badRequest, message: "the body is not valid JSON: \(syntaxError(in: body).clippedForEcho)", field: "body")
        }
    }

    /// The deepest nesting a body may have. A batch needs 2 (an array of objects); a little more keeps the
    /// precise 422 for a record with a nested value. The limit exists because decoding a JSON tree costs time
    /// quadratic in its depth: `[` × 511 (1 KB) took 1.8 s of CPU in the debug build (found by the fuzzer).
    static let maxNesting = 16

    /// The depth reached once it passes `limit` (arrays and objects, outside strings), or nil if it never does.
    private static func nesting(of body: Data, over limit: Int) -> Int? {
        body.withUnsafeBytes { nesting(of: $0, over: limit) }
    }

    private static func nesting(of body: UnsafeRawBufferPointer, over limit: Int) -> Int? {
        var depth = 0, inString = false, escaped = false
        for byte in body {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
                if depth > limit { return depth }
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
            }
        }
        return nil
    }

    /// The first of the model's fields (`known`) that held a non-finite token; any other key (an unknown or
    /// empty one) is left to the syntax error, since there is no field of the model to point at.
    private static func firstNonFinite(in value: JSONValue, among known: Set<String>) -> (name: String, record: Int?)? {
        func search(_ fields: [String: JSONValue]) -> String? {
            fields.keys.sorted().first { key in
                guard known.contains(key), case .number(let number)? = fields[key] else { return false }
                return !number.isFinite
            }
        }
        switch value {
        case .object(let fields): return search(fields).map { ($0, nil) }
        case .array(let items):
            for (index, item) in items.enumerated() {
                if case .object(let fields) = item, let name = search(fields) { return (name, index) }
            }
            return nil
        default: return nil
        }
    }

    /// Where the syntax breaks, in JSONSerialization's words ("Invalid value around character 5."): the
    /// decoder only says that the data is not valid JSON.
    private static func syntaxError(in body: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        } catch {
            if let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                return reason.replacingOccurrences(of: " in Swift", with: " as a double")
            }
        }
        return "it cannot be parsed"
    }

    private static func record(_ item: JSONValue, shape: RecordShape) throws(APIError) -> [String: RecordValue] {
        guard case .object(let fields) = item else {
            throw APIError(status: .unprocessableContent, message: "a record must be a JSON object, not \(item.typeName)", field: "record")
        }
        // Nearly every record is valid and is read in the dictionary's own order; a faulty one is read again in
        // name order, so that the error named for it never depends on hashing.
        if let record = try? convert(fields, in: fields.keys, shape: shape) { return record }
        return try convert(fields, in: fields.keys.sorted(), shape: shape)
    }

    private static func convert(
        _ fields: [String: JSONValue], in names: some Sequence<String>, shape: RecordShape
    ) throws(APIError) -> [String: RecordValue] {
        var record: [String: RecordValue] = [:]
        record.reserveCapacity(fields.count)
        for name in names {
            guard shape.names.contains(name) else {
                let fields = shape.names.sorted().joined(separator: ", ")
                // An empty key cannot be pointed at by its name, so the record is the part at fault.
                guard !name.isEmpty else {
                    throw APIError(
                        status: .unprocessableContent, message: "a field has an empty name; a record may have \(fields)", field: "record")
                }
                let name = name.clippedForEcho
                throw APIError(status: .unprocessableContent, message: "unknown field '\(name)'; a record may have \(fields)", field: name)
            }
            let json = fields[name]!
            guard let value = RecordValue(json) else {
                throw APIError(
                    status: .unprocessableContent, message: "'\(name)' must be a number, a string or a boolean, not \(json.typeName)",
                    field: name)
            }
            if case .number(let number) = value, let problem = shape.range(of: name)?.problem(with: number, field: name) {
                throw APIError(status: .unprocessableContent, message: problem, field: name)
            }
            record[name] = value
        }
        return record
    }
}
