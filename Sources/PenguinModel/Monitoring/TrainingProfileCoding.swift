/// The card's `profile` field: `{"features": [...]}`, one object per term in term order, e.g.
/// `{"name": "bill_length_mm", "kind": "numeric", "n": 333, "mean": …, "std": …, "bin_edges": [11 numbers],
/// "bin_shares": [10 numbers], "sample_values": […], "sample_counts": […], "sample_exact": true}` or
/// `{"name": "sex", "kind": "categorical", "levels": ["female", "male"], "counts": [165, 168]}`.
/// Decoding only reads; ``ModelCard`` validates what it read (``TrainingProfile/problem(for:)``).
extension FeatureProfile: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, kind, n, mean, levels, counts
        case standardDeviation = "std"
        case binEdges = "bin_edges"
        case binShares = "bin_shares"
        case sampleValues = "sample_values"
        case sampleCounts = "sample_counts"
        case sampleExact = "sample_exact"
    }
    private enum Kind: String, Codable { case numeric, categorical }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .numeric:
            let values = try container.decode([Double].self, forKey: .sampleValues)
            let counts = try container.decode([Int].self, forKey: .sampleCounts)
            // The sample's total is summed here, before validation: untrusted counts must not overflow it.
            guard counts.allSatisfy({ (0...TrainingProfile.maximumCount).contains($0) }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .sampleCounts, in: container,
                    debugDescription: "a sample count of '\(name)' is negative or above \(TrainingProfile.maximumCount)")
            }
            self = .numeric(NumericProfile(
                name: name,
                n: try container.decode(Int.self, forKey: .n),
                mean: try container.decode(Double.self, forKey: .mean),
                standardDeviation: try container.decode(Double.self, forKey: .standardDeviation),
                bins: QuantileBins(edges: try container.decode([Double].self, forKey: .binEdges)),
                shares: try container.decode([Double].self, forKey: .binShares),
                sample: WeightedSample(sortedValues: values, counts: counts),
                sampleIsExact: try container.decode(Bool.self, forKey: .sampleExact)))
        case .categorical:
            self = .categorical(CategoricalProfile(
                name: name,
                levels: try container.decode([String].self, forKey: .levels),
                counts: try container.decode([Int].self, forKey: .counts)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        switch self {
        case .numeric(let profile):
            try container.encode(Kind.numeric, forKey: .kind)
            try container.encode(profile.n, forKey: .n)
            try container.encode(profile.mean, forKey: .mean)
            try container.encode(profile.standardDeviation, forKey: .standardDeviation)
            try container.encode(profile.bins.edges, forKey: .binEdges)
            try container.encode(profile.shares, forKey: .binShares)
            try container.encode(profile.sample.values, forKey: .sampleValues)
            try container.encode(profile.sample.counts, forKey: .sampleCounts)
            try container.encode(profile.sampleIsExact, forKey: .sampleExact)
        case .categorical(let profile):
            try container.encode(Kind.categorical, forKey: .kind)
            try container.encode(profile.levels, forKey: .levels)
            try container.encode(profile.counts, forKey: .counts)
        }
    }
}
