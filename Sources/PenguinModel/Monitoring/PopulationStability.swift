import Foundation

/// The population stability index (PSI) of live inputs against the training profile, as Evidently defines
/// it: Σ (referenceᵢ − liveᵢ) · ln(referenceᵢ ÷ liveᵢ) over the bins (numeric terms: the profile's
/// ``QuantileBins``) or the levels (categorical terms).
///
/// An empty bin would make the logarithm infinite, so, as Evidently's `get_binned_data(feel_zeroes=True)`
/// does, each side's zero shares are replaced by that side's smallest non-zero share ÷ 10⁶ when that share is
/// at most 0.0001, else by 0.0001 (``filledZeroes(_:)``).
public enum PopulationStability {
    /// The PSI of a live numeric sample against a numeric term's profile; nil for an empty sample.
    public static func index(of live: WeightedSample, against profile: NumericProfile) -> Double? {
        guard !live.isEmpty else { return nil }
        let liveShares = profile.bins.counts(of: live).map { Double($0) / Double(live.total) }
        return index(reference: profile.shares, live: liveShares)
    }

    /// The PSI of live level counts against a categorical term's profile; nil when there are no live
    /// records. A live level the training rows never had (possible only for logged data from another
    /// encoding) counts as a level with a training share of zero, as Evidently takes the union of levels.
    public static func index(ofLevelCounts live: [String: Int], against profile: CategoricalProfile) -> Double? {
        let (reference, current) = CategoricalTable(live: live, profile: profile).rows
        let liveTotal = current.reduce(0, +), referenceTotal = reference.reduce(0, +)
        guard liveTotal > 0, referenceTotal > 0 else { return nil }
        return index(reference: reference.map { Double($0) / Double(referenceTotal) },
                     live: current.map { Double($0) / Double(liveTotal) })
    }

    /// The PSI of two share vectors of the same bins or levels, zero shares filled.
    public static func index(reference: [Double], live: [Double]) -> Double {
        zip(filledZeroes(reference), filledZeroes(live)).reduce(0) { sum, pair in
            sum + (pair.0 - pair.1) * log(pair.0 / pair.1)
        }
    }

    /// Evidently's replacement of zero shares (see the type's documentation).
    static func filledZeroes(_ shares: [Double]) -> [Double] {
        guard let smallest = shares.filter({ $0 != 0 }).min() else { return shares }
        let fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001
        return shares.map { $0 == 0 ? fill : $0 }
    }
}

/// Training and live level counts over the same columns: the profile's levels in order, then any live level
/// the profile lacks, sorted, so results do not depend on dictionary order.
struct CategoricalTable {
    let levels: [String]
    let rows: (reference: [Int], live: [Int])

    init(live: [String: Int], profile: CategoricalProfile) {
        let extra = live.keys.filter { !profile.levels.contains($0) }.sorted()
        levels = profile.levels + extra
        rows = (profile.counts + extra.map { _ in 0 }, levels.map { max(live[$0] ?? 0, 0) })
    }
}
