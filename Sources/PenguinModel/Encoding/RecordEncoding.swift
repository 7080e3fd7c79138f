import DataGateway

extension DesignEncoding {
    /// The feature vector (without the intercept) of one record, in either shape the API accepts:
    /// natural (`"species": "Gentoo"`) or dummy-coded (`"species_Chinstrap": false, "species_Gentoo": true`).
    ///
    /// Fields that belong to no term are ignored, so a caller may send whole table rows (with `id`, `island`…).
    public func features(of record: [String: RecordValue]) throws(RecordError) -> [Double] {
        try features(of: record, shape: RecordShape(self))
    }

    /// The features of `record` as `shape` (this encoding's) describes them, in feature order.
    func features(of record: [String: RecordValue], shape: RecordShape) throws(RecordError) -> [Double] {
        var features = [Double](repeating: 0, count: shape.featureCount)
        for field in shape.fields {
            switch field.role {
            case .measurement(let feature, _):
                features[feature] = try Self.number(record[field.name], field: field.name)
            case .level(let index):
                let categorical = shape.categoricals[index]
                let level = try Self.level(of: categorical, in: record, knownNames: shape.names)
                if level > 0 { features[categorical.firstFeature + level - 1] = 1 }
            case .dummy:
                continue
            }
        }
        return features
    }

    private static func number(_ value: RecordValue?, field: String) throws(RecordError) -> Double {
        switch value {
        case .number(let number):
            guard number.isFinite else { throw RecordError(field: field, reason: .notFinite) }
            return number
        case nil:
            throw RecordError(field: field, reason: .missing(expected: "a number"))
        case .some(let other):
            throw RecordError(field: field, reason: .wrongType(expected: "a number", found: other.typeName))
        }
    }

    /// The level index (0 is the reference) a record gives for a categorical term.
    private static func level(of categorical: RecordShape.Categorical, in record: [String: RecordValue], knownNames: Set<String>) throws(RecordError) -> Int {
        let (term, levels, dummies) = (categorical.name, categorical.levels, categorical.dummies)
        let givenDummies = dummies.filter { record[$0] != nil }
        if let natural = record[term] {
            guard givenDummies.isEmpty else { throw RecordError(field: term, reason: .bothShapes(dummies: givenDummies)) }
            guard case .string(let text) = natural else {
                throw RecordError(field: term, reason: .wrongType(expected: "one of the levels as a string", found: natural.typeName))
            }
            guard let level = levels.firstIndex(ofExactly: text) else {
                throw RecordError(field: term, reason: .unknownLevel(value: text, allowed: levels))
            }
            return level
        }
        if !record.keys.allSatisfy(knownNames.contains) {
            let prefix = term + "_"
            if let stray = record.keys.filter({ $0.hasPrefix(prefix) && !knownNames.contains($0) }).min() {
                throw RecordError(field: stray, reason: .unknownDummy(allowed: dummies))
            }
        }
        guard !givenDummies.isEmpty else {
            let shapes = "one of \(levels.joined(separator: ", ")) (or the dummies \(dummies.joined(separator: ", ")))"
            throw RecordError(field: term, reason: .missing(expected: shapes))
        }
        var level = 0
        var trueFields: [String] = []
        for (index, dummy) in dummies.enumerated() {
            guard try flag(record[dummy], field: dummy) else { continue }
            level = index + 1
            trueFields.append(dummy)
        }
        guard trueFields.count <= 1 else { throw RecordError(field: term, reason: .severalLevels(fields: trueFields)) }
        return level
    }

    /// A dummy field's value: JSON true/false, or 0/1 as pandas and NumPy often serialise them; any other
    /// value is named in the error (a 2 as 2, not as "a number"), which says both forms.
    private static func flag(_ value: RecordValue?, field: String) throws(RecordError) -> Bool {
        let expected = "true or false (or 0 or 1)"
        switch value {
        case .bool(let flag): return flag
        case .number(0): return false
        case .number(1): return true
        case .number(let number): throw RecordError(field: field, reason: .wrongType(expected: expected, found: formatDouble(number)))
        case nil: throw RecordError(field: field, reason: .missing(expected: expected))
        case .some(let other): throw RecordError(field: field, reason: .wrongType(expected: expected, found: other.typeName))
        }
    }
}
