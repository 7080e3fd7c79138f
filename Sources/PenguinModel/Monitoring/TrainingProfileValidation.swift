extension TrainingProfile {
    /// The largest row count a profile may state: far beyond any table, small enough that no sum of a
    /// profile's counts can overflow.
    static let maximumCount = 1 << 48
    /// How far the bin shares' sum may be from 1 (rounding of ten divisions).
    static let shareSumTolerance = 1e-9

    /// Why this profile, read from an untrusted card, cannot be used with `terms`, or nil.
    ///
    /// It must have one feature per term, in order, of the same kind and name (a categorical one with the
    /// term's levels); finite numbers; counts in 0...``maximumCount``; at most ``QuantileBins/binCount`` + 1
    /// strictly increasing edges; one share per bin, each in [0, 1], summing to 1 within
    /// ``shareSumTolerance``; and a sample of at most ``NumericProfile/maximumSampleSize`` strictly
    /// increasing values with positive counts summing to n.
    func problem(for terms: [TermEncoding]) -> String? {
        guard features.count == terms.count else {
            return "profile has \(features.count) features for \(terms.count) terms; it must have one per term, in order"
        }
        for (feature, term) in zip(features, terms) {
            switch (feature, term) {
            case (.numeric(let profile), .numeric(let name)) where profile.name == name:
                if let reason = profile.problem() { return "profile feature '\(name)' \(reason)" }
            case (.categorical(let profile), .categorical(let name, let levels)) where profile.name == name:
                guard profile.levels == levels, profile.counts.count == levels.count else {
                    return "profile feature '\(name)' does not have exactly the term's levels with one count each"
                }
                guard profile.counts.allSatisfy({ (0...Self.maximumCount).contains($0) }), profile.n > 0 else {
                    return "profile feature '\(name)' has a count outside 0...\(Self.maximumCount) or no rows"
                }
            default:
                return "profile feature '\(String(feature.name.prefix(100)))' does not match term '\(term.name)' (name and kind, in term order)"
            }
        }
        return nil
    }
}

extension NumericProfile {
    fileprivate func problem() -> String? {
        guard (1...TrainingProfile.maximumCount).contains(n) else { return "has n = \(n), outside 1...\(TrainingProfile.maximumCount)" }
        guard mean.isFinite, standardDeviation.isFinite, standardDeviation >= 0 else {
            return "has a mean or std that is not a finite number (std must be ≥ 0)"
        }
        let edges = bins.edges
        guard (1...(QuantileBins.binCount + 1)).contains(edges.count), edges.allSatisfy(\.isFinite),
              zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return "bin_edges are not 1 to \(QuantileBins.binCount + 1) finite, strictly increasing numbers"
        }
        guard shares.count == bins.count, shares.allSatisfy({ $0.isFinite && (0...1).contains($0) }),
              abs(shares.reduce(0, +) - 1) <= TrainingProfile.shareSumTolerance else {
            return "bin_shares are not \(bins.count) numbers in [0, 1] summing to 1"
        }
        let values = sample.values
        guard (1...Self.maximumSampleSize).contains(values.count), sample.counts.count == values.count,
              values.allSatisfy(\.isFinite), zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }),
              sample.counts.allSatisfy({ $0 > 0 }), sample.total == n else {
            return "sample is not 1 to \(Self.maximumSampleSize) finite, strictly increasing values with positive counts summing to n"
        }
        return nil
    }
}
