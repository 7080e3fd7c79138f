import PenguinModel

/// The JSON Schema (2020-12) of one `/predict` record, derived from the model's encoding so that it names
/// exactly the fields and levels this model accepts.
///
/// A categorical term is given either by name (`"species": "Gentoo"`) or by all of its dummies
/// (`"species_Chinstrap": false, "species_Gentoo": true`), never both; shapes may be mixed across terms.
enum RecordSchema {
    static func schema(for encoding: DesignEncoding) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        var choices: [JSONValue] = []
        for term in encoding.terms {
            switch term {
            case .numeric(let name):
                let range = MeasurementRange.of(name)
                var property: [String: JSONValue] = ["type": "number", "minimum": .number(range.bounds.lowerBound)]
                if range.bounds.upperBound < .greatestFiniteMagnitude { property["maximum"] = .number(range.bounds.upperBound) }
                properties[name] = .object(property)
                required.append(.string(name))
            case .categorical(let name, let levels):
                properties[name] = ["type": "string", "enum": .array(levels.map(JSONValue.string))]
                for dummy in term.featureNames {
                    properties[dummy] = [
                        "description": "true when \(name) is \(dummy.dropFirst(name.count + 1)); 0 and 1 are accepted too",
                        "anyOf": [["type": "boolean"], ["type": "integer", "enum": [0, 1]]],
                    ]
                }
                choices.append(["oneOf": [["required": [.string(name)]], ["required": .array(term.featureNames.map(JSONValue.string))]]])
            }
        }
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
