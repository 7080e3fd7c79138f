import PenguinJSON
import PenguinModel

/// Distinct, valid records for the served model, whatever its formula: the app starts from the first,
/// and the OpenAPI document shows them as `/predict` examples.
///
/// Numbers are real training values (the labs' typical value where the model has it, else the median,
/// then the quartiles), so each record is a plausible penguin that `/predict` accepts; categorical terms
/// take different levels (the last, the first, the middle one), so the records predict different masses.
struct ExampleRecords: Sendable {
    /// In the natural shape, categories by name; at most three, none equal to another.
    let records: [[String: JSONValue]]

    init(encoding: DesignEncoding, training: TrainingRows) {
        var records: [[String: JSONValue]] = []
        for position in 0..<3 {
            var record: [String: JSONValue] = [:]
            for term in encoding.terms {
                switch term {
                case .numeric(let name):
                    record[name] = .number(Self.value(of: name, at: position, in: training))
                case .categorical(let name, let levels):
                    record[name] = .string(levels[[levels.count - 1, 0, levels.count / 2][position]])
                }
            }
            if !records.contains(record) { records.append(record) }
        }
        self.records = records
    }

    /// The same record with each categorical term given as its dummy columns, the labs' shape.
    static func dummyCoded(_ record: [String: JSONValue], encoding: DesignEncoding) -> [String: JSONValue] {
        var coded = record
        for term in encoding.terms {
            guard case .string(let level)? = coded[term.name], !term.levels.isEmpty else { continue }
            coded[term.name] = nil
            for (dummyLevel, feature) in zip(term.levels.dropFirst(), term.featureNames) { coded[feature] = .bool(dummyLevel == level) }
        }
        return coded
    }

    private static func value(of name: String, at position: Int, in training: TrainingRows) -> Double {
        let range = MeasurementRange.of(name)
        let values = training.numbers(name).filter { $0.isFinite && range.bounds.contains($0) }.sorted()
        guard let low = values.first, let high = values.last else { return range.example }
        switch position {
        case 0:
            let known = MeasurementRange.known[name]?.example
            return known.map { (low...high).contains($0) } == true ? known! : values[values.count / 2]
        case 1: return values[values.count / 4]
        default: return values[values.count * 3 / 4]
        }
    }
}
