import DataGateway

/// How one formula term becomes feature columns: a numeric term is used as is, a categorical term becomes
/// one 0/1 column per level except the first (the reference), as pandas' `get_dummies(drop_first=True)`.
public enum TermEncoding: Sendable, Hashable {
    case numeric(String)
    /// `levels` are sorted; the first is the reference level and gets no column.
    case categorical(String, levels: [String])

    /// The frame column, and the field of a natural-shape record.
    public var name: String {
        switch self {
        case .numeric(let name), .categorical(let name, _): name
        }
    }

    /// The levels of a categorical term, empty for a numeric one.
    public var levels: [String] {
        switch self {
        case .numeric: []
        case .categorical(_, let levels): levels
        }
    }

    /// The names of the columns this term contributes, e.g. `species_Chinstrap`, `species_Gentoo`.
    public var featureNames: [String] {
        switch self {
        case .numeric(let name): [name]
        case .categorical(let name, let levels): levels.dropFirst().map { Self.dummyName(term: name, level: $0) }
        }
    }

    /// Whether a frame column of `type` can feed this term.
    func accepts(_ type: ColumnType) -> Bool {
        switch self {
        case .numeric: type == .double || type == .int64
        case .categorical: type == .string
        }
    }

    static func dummyName(term: String, level: String) -> String { "\(term)_\(level)" }
}

extension TermEncoding: Codable {
    private enum CodingKeys: String, CodingKey { case name, kind, levels }
    private enum Kind: String, Codable { case numeric, categorical }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .numeric: self = .numeric(name)
        case .categorical: self = .categorical(name, levels: try container.decode([String].self, forKey: .levels))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        switch self {
        case .numeric:
            try container.encode(Kind.numeric, forKey: .kind)
        case .categorical(_, let levels):
            try container.encode(Kind.categorical, forKey: .kind)
            try container.encode(levels, forKey: .levels)
        }
    }
}
