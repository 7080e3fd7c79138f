import DataGateway

/// What one record may hold for a model: every field it may carry, what each feeds and what it accepts.
///
/// There is one description so that every reader of a record agrees: the encoding's record path
/// (``DesignEncoding/features(of:)`` and ``Predictor/predictChecked(_:)``), the server's byte-level
/// `/predict` reader and the record's JSON Schema are all built from it, never from the terms directly.
/// It is worked out once per model: a 10,000-record batch otherwise rebuilt the names for every record.
public struct RecordShape: Sendable, Equatable {
    /// What a field feeds.
    public enum Role: Sendable, Equatable {
        /// A numeric term, written to feature `feature`, refused outside `bounds` (its ``MeasurementRange``'s,
        /// which ``range(of:)`` gives for the wording). Every payload is a plain value, so the byte-level
        /// reader's per-field switch copies no reference.
        case measurement(feature: Int, bounds: ClosedRange<Double>)
        /// A categorical term given by its level's name (the natural shape); indexes ``categoricals``.
        case level(categorical: Int)
        /// One of a categorical term's 0/1 features (the dummy shape): true or false for the level whose
        /// feature is `feature`; `categorical` indexes ``categoricals``.
        case dummy(categorical: Int, feature: Int)
    }

    public struct Field: Sendable, Equatable {
        public let name: String
        public let role: Role
    }

    /// A categorical term: given either by ``name`` or by every one of ``dummies`` (at most one true), never
    /// both, not even in part.
    public struct Categorical: Sendable, Equatable {
        public let name: String
        /// Sorted; the first is the reference level, which has no dummy.
        public let levels: [String]
        /// The feature of the second level; level `i` (from 1) sets feature `firstFeature + i - 1`.
        public let firstFeature: Int
        /// The dummy field names, one per level after the first, e.g. `species_Chinstrap`, `species_Gentoo`.
        public let dummies: [String]
    }

    /// In term order; a categorical term's name comes before its dummies.
    public let fields: [Field]
    public let categoricals: [Categorical]
    public let featureCount: Int
    /// Every field name a record may carry.
    public let names: Set<String>
    private let ranges: [String: MeasurementRange]

    public init(_ encoding: DesignEncoding) {
        var fields: [Field] = []
        var categoricals: [Categorical] = []
        var ranges: [String: MeasurementRange] = [:]
        var feature = 0
        for term in encoding.terms {
            switch term {
            case .numeric(let name):
                let range = MeasurementRange.of(name)
                ranges[name] = range
                fields.append(Field(name: name, role: .measurement(feature: feature, bounds: range.bounds)))
                feature += 1
            case .categorical(let name, let levels):
                let index = categoricals.count
                categoricals.append(Categorical(name: name, levels: levels, firstFeature: feature, dummies: term.featureNames))
                fields.append(Field(name: name, role: .level(categorical: index)))
                for dummy in term.featureNames {
                    fields.append(Field(name: dummy, role: .dummy(categorical: index, feature: feature)))
                    feature += 1
                }
            }
        }
        self.fields = fields
        self.categoricals = categoricals
        featureCount = feature
        names = Set(fields.map(\.name))
        self.ranges = ranges
    }

    /// The range a measurement field must fall in (its ``Role/measurement(feature:bounds:)`` bounds, with the
    /// unit for the wording), or nil when `name` is not a measurement.
    public func range(of name: String) -> MeasurementRange? { ranges[name] }
}
