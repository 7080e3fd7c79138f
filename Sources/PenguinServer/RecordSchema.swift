import PenguinJSON
import PenguinModel

/// The JSON Schema (2020-12) of one `/predict` record, written from the model's ``RecordShape``, the one
/// description both `/predict` readers are built from, so that it names exactly the fields and levels this
/// model accepts.
///
/// A categorical term is given either by name (`"species": "Gentoo"`) or by all of its dummies
/// (`"species_Chinstrap": false, "species_Gentoo": true`, at most one true), never both, not even in part;
/// shapes may be mixed across terms. The schema says no more and no less than `/predict` checks (its fuzzer
/// holds the two to each other), except what JSON Schema cannot say: a key given twice is refused.
enum RecordSchema {
    static func schema(for shape: RecordShape, encoding: DesignEncoding) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        for field in shape.fields {
            switch field.role {
            case .measurement(_, let bounds):
                var property: [String: JSONValue] = ["type": "number", "minimum": .number(bounds.lowerBound)]
                if bounds.upperBound < .greatestFiniteMagnitude { property["maximum"] = .number(bounds.upperBound) }
                properties[field.name] = .object(property)
                required.append(.string(field.name))
            case .level(let index):
                properties[field.name] = ["type": "string", "enum": .array(shape.categoricals[index].levels.map(JSONValue.string))]
            case .dummy(let index, _):
                let term = shape.categoricals[index].name
                properties[field.name] = [
                    "description": "true when \(term) is \(field.name.dropFirst(term.count + 1)); 0 and 1 are accepted too",
                    "anyOf": [["type": "boolean"], ["type": "integer", "enum": [0, 1]]],
                ]
            }
        }
        let choices = shape.categoricals.map { choice(name: $0.name, dummies: $0.dummies) }
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties),
            "required": .array(required),
            "additionalProperties": false,
            "examples": [example(for: encoding, dummyCoded: false), example(for: encoding, dummyCoded: true)],
        ]
        if !choices.isEmpty { schema["allOf"] = .array(choices) }
        return .object(schema)
    }

    /// Exactly what the server accepts for one categorical term: its name and no dummy, or every dummy and not
    /// its name, with at most one dummy true (`true` or `1`).
    private static func choice(name: String, dummies: [String]) -> JSONValue {
        let isTrue: JSONValue = ["enum": [true, 1]]
        var bothTrue: [JSONValue] = []
        for (index, first) in dummies.enumerated() {
            for second in dummies[(index + 1)...] {
                bothTrue.append(["required": [.string(first), .string(second)], "properties": [first: isTrue, second: isTrue]])
            }
        }
        var byDummies: [String: JSONValue] = ["required": .array(dummies.map(JSONValue.string)), "not": ["required": [.string(name)]]]
        if !bothTrue.isEmpty { byDummies["allOf"] = .array(bothTrue.map { ["not": $0] }) }
        return [
            "oneOf": [
                ["required": [.string(name)], "not": ["anyOf": .array(dummies.map { ["required": [.string($0)]] })]],
                .object(byDummies),
            ]
        ]
    }

    /// The labs' example where the model is the labs' model: each measurement's typical value and each
    /// term's last level (Gentoo, male).
    static func example(for encoding: DesignEncoding, dummyCoded: Bool) -> JSONValue {
        var record: [String: JSONValue] = [:]
        for term in encoding.terms {
            switch term {
            case .numeric(let name):
                record[name] = .number(MeasurementRange.of(name).example)
            case .categorical(let name, let levels):
                if dummyCoded {
                    for (index, dummy) in term.featureNames.enumerated() { record[dummy] = .bool(index == levels.count - 2) }
                } else {
                    record[name] = .string(levels[levels.count - 1])
                }
            }
        }
        return .object(record)
    }
}
