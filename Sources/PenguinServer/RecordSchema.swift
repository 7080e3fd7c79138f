import PenguinJSON
import PenguinModel

/// The JSON Schema (2020-12) of one `/predict` record, derived from the model's encoding so that it names
/// exactly the fields and levels this model accepts.
///
/// A categorical term is given either by name (`"species": "Gentoo"`) or by all of its dummies
/// (`"species_Chinstrap": false, "species_Gentoo": true`, at most one true), never both, not even in part;
/// shapes may be mixed across terms. The schema says no more and no less than `/predict` checks (its fuzzer
/// holds the two to each other), except what JSON Schema cannot say: a key given twice is refused.
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
                choices.append(choice(name: name, dummies: term.featureNames))
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
