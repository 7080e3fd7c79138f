import PenguinModel

/// One answered `/predict` request as monitoring sees it: the version that answered, its predictions, and
/// each record's model inputs. The prediction log writes it; a live drift window can read the same inputs.
///
/// The inputs are read back from the feature rows the predictions were computed from, which both body paths
/// build anyway, so the request path keeps an array it already has and does no work per term; whoever
/// consumes the batch works out the values, off the request path.
public struct AnsweredBatch: Sendable {
    /// The model version that answered.
    public let version: String
    /// One per record, in the request's order.
    public let predictions: [Double]
    /// The served model's terms, and where each sits in a feature row.
    public let terms: ModelInputs
    /// `count` rows of ``ModelInputs/featureCount`` values each.
    let featureRows: [Double]

    init(version: String, predictions: [Double], terms: ModelInputs, featureRows: [Double]) {
        precondition(featureRows.count == predictions.count * terms.featureCount, "the feature rows do not match the predictions")
        self.version = version
        self.predictions = predictions
        self.terms = terms
        self.featureRows = featureRows
    }

    /// How many records the request held.
    public var count: Int { predictions.count }

    /// What record `record` gave for the model's term number `term` (in ``ModelInputs/names`` order).
    public func input(record: Int, term: Int) -> ModelInput {
        let row = record * terms.featureCount
        switch terms.kinds[term] {
        case .numeric(let feature):
            return .number(featureRows[row + feature])
        case .categorical(let first, let levels):
            // The dummy that is 1 names the level; none means the reference level, the first.
            for offset in 0..<(levels.count - 1) where featureRows[row + first + offset] == 1 { return .level(levels[offset + 1]) }
            return .level(levels[0])
        }
    }
}

/// One record's value for one model term: a number for a numeric term, a level's name for a categorical one.
public enum ModelInput: Sendable, Equatable {
    case number(Double)
    case level(String)
}

/// A model's terms as monitoring reads them from feature rows: names in the card's term order, and each
/// term's place in a row, taken from the model's one ``RecordShape``. Built once per served version.
public struct ModelInputs: Sendable {
    enum Kind: Sendable {
        case numeric(feature: Int)
        /// Levels after the first have one 0/1 feature each, from `firstFeature` on.
        case categorical(firstFeature: Int, levels: [String])
    }

    /// The card's term names, e.g. `bill_length_mm`, `species`.
    public let names: [String]
    let kinds: [Kind]
    let featureCount: Int

    init(shape: RecordShape) {
        var names: [String] = []
        var kinds: [Kind] = []
        for field in shape.fields {
            switch field.role {
            case .measurement(let feature, _):
                names.append(field.name)
                kinds.append(.numeric(feature: feature))
            case .level(let index):
                let categorical = shape.categoricals[index]
                names.append(categorical.name)
                kinds.append(.categorical(firstFeature: categorical.firstFeature, levels: categorical.levels))
            case .dummy:
                continue
            }
        }
        self.names = names
        self.kinds = kinds
        featureCount = shape.featureCount
    }
}
