import DataGateway
import PenguinJSON
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

    /// Writes record `record`'s inputs as the prediction log's `inputs` column holds them: a JSON object keyed
    /// by term name, a number for a numeric term and the level for a categorical one, e.g.
    /// `{"bill_length_mm":39.1,"species":"Adelie","sex":"male"}`. Built from fragments ``ModelInputs`` quoted
    /// once per version, straight into the writer's rows, so a record costs the writer one number's text per
    /// numeric term.
    func writeInputsJSON(record: Int, to text: inout some TextOutputStream) {
        guard !terms.kinds.isEmpty else { return text.write("{}") }
        let row = record * terms.featureCount
        for (term, kind) in terms.kinds.enumerated() {
            text.write(terms.quotedNames[term])
            switch kind {
            case .numeric(let feature):
                writeDouble(featureRows[row + feature], to: &text)
            case .categorical(let first, let levels):
                text.write(terms.quotedLevels[term][levelIndex(row: row, firstFeature: first, levelCount: levels.count)])
            }
        }
        text.write("}")
    }

    /// The dummy that is 1 names the level; none means the reference level, the first.
    private func levelIndex(row: Int, firstFeature: Int, levelCount: Int) -> Int {
        for offset in 0..<(levelCount - 1) where featureRows[row + firstFeature + offset] == 1 { return offset + 1 }
        return 0
    }
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
    /// Each term's name as a JSON key with what goes before it: `{"bill_length_mm":`, then `,"species":`.
    let quotedNames: [String]
    /// Each categorical term's levels as JSON strings, in ``Kind/categorical(firstFeature:levels:)`` order;
    /// empty for a numeric term.
    let quotedLevels: [[String]]

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
        quotedNames = names.enumerated().map { term, name in (term == 0 ? "{" : ",") + Self.jsonString(name) + ":" }
        quotedLevels = kinds.map { kind in
            guard case .categorical(_, let levels) = kind else { return [] }
            return levels.map(Self.jsonString)
        }
    }

    private static func jsonString(_ text: String) -> String {
        String(decoding: JSONValue.string(text).encoded(), as: UTF8.self)
    }
}
