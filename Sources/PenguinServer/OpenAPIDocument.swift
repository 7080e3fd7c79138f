import DataGateway
import PenguinJSON
import PenguinModel
import PenguinStyle

/// The OpenAPI 3.1 description of this server as configured: the record schema comes from the served
/// model's encoding, and security appears only when API keys are set, so the document never promises
/// what this instance does not do.
struct OpenAPIDocument {
    let encoding: DesignEncoding
    let modelName: String
    let modelVersion: String
    let gatewayVersion: String
    let authEnabled: Bool
    let maxRecords: Int
    let maxBodyBytes: Int
    /// Real training values and different levels, so each example is a plausible, distinct penguin.
    let examples: ExampleRecords

    var document: JSONValue {
        var paths: [String: JSONValue] = [:]
        for endpoint in Endpoint.allCases {
            paths[endpoint.path] = [endpoint.method.rawValue.lowercased(): operation(endpoint)]
        }
        var components: [String: JSONValue] = [
            "schemas": .object(schemas),
            "headers": [
                "RequestID": [
                    "description": "The request's id, as in the server's log lines; a caller's own plain X-Request-ID is echoed.",
                    "schema": ["type": "string"],
                ]
            ],
        ]
        if authEnabled {
            components["securitySchemes"] = [
                "bearerAuth": ["type": "http", "scheme": "bearer", "description": "One of the keys in PENGUINS_API_KEYS_FILE."]
            ]
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "PenguinGateway",
                "version": .string(gatewayVersion),
                "summary": .string("Predicts a penguin's \(Self.phrase(encoding.response)) from \(Self.list(encoding.terms.map { Self.phrase($0.name) }))."),
                "description": .string(
                    "Serves model \(modelName) version \(modelVersion). vetiver-compatible: POST /predict takes a JSON array of records "
                        + "(or one record) and answers {\"predict\": [...]}. Every error is a 4xx with {\"error\": ..., \"field\": ...}."),
            ],
            "paths": .object(paths),
            "components": .object(components),
        ]
    }

    private func operation(_ endpoint: Endpoint) -> JSONValue {
        var operation: [String: JSONValue]
        switch endpoint {
        case .app:
            operation = [
                "summary": "The interactive app",
                "description": "A page with one input per term of the served model, the prediction and a chart of the training data with the fitted lines.",
                "responses": ["200": response("The page", html: true)],
            ]
        case .predict:
            operation = [
                "summary": .string("Predict \(Self.phrase(encoding.response))\(Measure.named(encoding.response).map { " (\($0.unit))" } ?? "")"),
                "description": .string(
                    "At most \(maxRecords) records and \(maxBodyBytes) bytes per request. A record gives each categorical input either "
                        + "by name or as the labs' dummy columns."),
                "requestBody": [
                    "required": true,
                    "content": ["application/json": ["schema": ref("PredictRequest"), "examples": predictExamples]],
                ],
                "responses": [
                    "200": response("One prediction per record, in order", schema: "PredictResponse"),
                    "400": response("The body is empty, not JSON, not an array or object, or an empty array", schema: "Error"),
                    "413": response("The body or the batch is over the limit", schema: "Error"),
                    "422": response("A record is invalid; field (and record, for an array) say which", schema: "Error"),
                ],
            ]
        case .ping:
            operation = ["summary": "vetiver's liveness check", "responses": ["200": response("Always pong", schema: "Ping")]]
        case .metadata:
            operation = [
                "summary": "The model card",
                "description": "The served model's card, plus the kind of database it came from (never its location or credentials).",
                "responses": ["200": response("The card", schema: "Metadata")],
            ]
        case .prototype:
            operation = [
                "summary": "The JSON Schema of one record",
                "responses": ["200": response("A JSON Schema (2020-12)", schema: "JSONSchema")],
            ]
        case .openAPI:
            operation = ["summary": "This document", "responses": ["200": response("OpenAPI 3.1", schema: "OpenAPIDocument")]]
        case .docs:
            operation = ["summary": "This document, rendered", "responses": ["200": response("The page", html: true)]]
        case .healthz:
            operation = [
                "summary": "Liveness",
                "description": "200 while the process can answer; it does not look at the database.",
                "responses": ["200": response("Alive", schema: "Health")],
            ]
        case .readyz:
            operation = [
                "summary": "Readiness",
                "description": "Whether the database is reachable. /predict keeps answering from memory either way.",
                "responses": [
                    "200": response("Ready", schema: "Readiness"),
                    "503": response("Not ready; reason says why", schema: "Readiness"),
                ],
            ]
        case .favicon:
            operation = [
                "summary": "No icon",
                "description": "Answered so that a browser's automatic request for an icon is not an error.",
                "responses": ["204": response("No content")],
            ]
        case .metrics:
            operation = [
                "summary": "Prometheus metrics",
                "responses": [
                    "200": [
                        "description": "Prometheus text exposition format 0.0.4",
                        "headers": ["X-Request-ID": ["$ref": "#/components/headers/RequestID"]],
                        "content": ["text/plain": ["schema": ["type": "string"]]],
                    ]
                ],
            ]
        }
        operation["operationId"] = .string(operationID(endpoint))
        if endpoint.requiresKey && authEnabled {
            operation["security"] = [["bearerAuth": []]]
            if case .object(var responses) = operation["responses"] {
                responses["401"] = response("No valid Authorization: Bearer KEY header", schema: "Error", challenge: true)
                operation["responses"] = .object(responses)
            }
        }
        return .object(operation)
    }

    private func operationID(_ endpoint: Endpoint) -> String {
        switch endpoint {
        case .app: "app"
        case .predict: "predict"
        case .ping: "ping"
        case .metadata: "metadata"
        case .prototype: "prototype"
        case .openAPI: "openapi"
        case .docs: "docs"
        case .healthz: "healthz"
        case .readyz: "readyz"
        case .metrics: "metrics"
        case .favicon: "favicon"
        }
    }

    /// Distinct records of the served model: the labs' dummy-coded shape (only when the model has a
    /// categorical term), categories by name, one bare record, and all of them as a batch.
    private var predictExamples: JSONValue {
        let records = examples.records
        var named: [String: JSONValue] = [
            "natural": ["summary": "Categories by name", "value": [.object(records[0])]],
            "bare": ["summary": "One record, not in an array", "value": .object(records[min(1, records.count - 1)])],
            "batch": ["summary": "Several records in one request", "value": .array(records.map(JSONValue.object))],
        ]
        if encoding.terms.contains(where: { !$0.levels.isEmpty }) {
            let coded = ExampleRecords.dummyCoded(records[records.count - 1], encoding: encoding)
            named["labs"] = ["summary": "The labs' dummy-coded shape", "value": [.object(coded)]]
        }
        return .object(named)
    }

    private var schemas: [String: JSONValue] {
        [
            "Record": RecordSchema.schema(for: RecordShape(encoding), encoding: encoding),
            "PredictRequest": [
                "oneOf": [
                    ["type": "array", "items": ref("Record"), "minItems": 1, "maxItems": .number(Double(maxRecords))],
                    ref("Record"),
                ]
            ],
            "PredictResponse": [
                "type": "object",
                "required": ["predict"],
                "properties": ["predict": ["type": "array", "items": ["type": "number"], "description": "Body mass in grams."]],
            ],
            "Error": [
                "type": "object",
                "required": ["error", "field"],
                "properties": [
                    "error": ["type": "string", "description": "What is wrong and how to fix it."],
                    "field": ["type": "string", "description": "The record field, header or request part at fault, e.g. body."],
                    "record": ["type": "integer", "minimum": 0, "description": "The position of the bad record in an array."],
                ],
            ],
            "Ping": ["type": "object", "required": ["ping"], "properties": ["ping": ["const": "pong"]]],
            "Health": ["type": "object", "required": ["status"], "properties": ["status": ["const": "ok"]]],
            "Readiness": [
                "type": "object",
                "required": ["ready"],
                "properties": ["ready": ["type": "boolean"], "reason": ["type": "string"]],
            ],
            "Metadata": [
                "type": "object",
                "required": [
                    "name", "version", "formula", "terms", "feature_names", "coefficients", "standard_errors", "metrics",
                    "training_rows", "dropped_rows", "data_fingerprint", "created_at", "gateway_version", "database",
                ],
                "properties": [
                    "name": ["type": "string"],
                    "version": ["type": "string"],
                    "formula": ["type": "string"],
                    "terms": ["type": "array", "items": ["type": "object", "required": ["name", "kind"]]],
                    "feature_names": ["type": "array", "items": ["type": "string"]],
                    "coefficients": ["type": "object", "additionalProperties": ["type": "number"]],
                    "standard_errors": ["type": "object", "additionalProperties": ["type": "number"]],
                    "metrics": ["type": "object"],
                    "training_rows": ["type": "integer"],
                    "dropped_rows": ["type": "integer"],
                    "data_fingerprint": ["type": "string"],
                    "created_at": ["type": "string", "format": "date-time"],
                    "gateway_version": ["type": "string"],
                    "database": ["type": "string", "enum": .array(DatabaseKind.allCases.map { .string($0.rawValue) })],
                ],
            ],
            "JSONSchema": ["type": "object", "description": "A JSON Schema document."],
            "OpenAPIDocument": ["type": "object", "required": ["openapi", "info", "paths"]],
        ]
    }

    /// `body mass` for `body_mass_g`, the column's own name for one the pages do not know.
    private static func phrase(_ column: String) -> String {
        Measure.named(column)?.name.lowercased() ?? column
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    private func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private func response(_ description: String, schema: String? = nil, html: Bool = false, challenge: Bool = false) -> JSONValue {
        var headers: [String: JSONValue] = ["X-Request-ID": ["$ref": "#/components/headers/RequestID"]]
        if challenge { headers["WWW-Authenticate"] = ["description": "Bearer", "schema": ["type": "string"]] }
        var response: [String: JSONValue] = ["description": .string(description), "headers": .object(headers)]
        if let schema { response["content"] = ["application/json": ["schema": ref(schema)]] }
        if html { response["content"] = ["text/html": ["schema": ["type": "string"]]] }
        return .object(response)
    }
}
