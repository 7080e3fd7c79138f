import PenguinModel
import Synchronization

/// The inputs of the last ``capacity`` records the served version answered, binned against that version's
/// training profile, in fixed memory: the live side of `penguins_feature_drift_psi`.
///
/// Each record's bin (numeric terms: the profile's ``QuantileBins``) or level (categorical terms) is kept in a
/// ring of `UInt16` slots, and the per-bin counts are updated as a record enters and the oldest leaves, so
/// reading the PSI never re-scans the window: a few dozen additions per feature. A request pays one lock, a
/// binary search per numeric input and a look at the dummies of each categorical one, read straight from
/// the feature rows it was predicted from (no level names, no hashing). The window belongs to one ``ServedModel``, so a model swap starts an
/// empty one against the new version's bins; a card without a profile has none.
final class LiveDriftWindow: Sendable {
    /// How many recent records the window holds.
    static let capacity = 10_000
    /// Fewer records than this report no drift: the PSI of a few records swings across the bands by chance
    /// (one record in ten bins is PSI > 1), so neither the gauges nor the app page's warning show until the
    /// window holds this many.
    static let minimumRecords = MonitorReport.minimumRecords

    private struct Feature {
        let name: String
        /// Where the term sits in a feature row.
        let kind: ModelInputs.Kind
        /// The training shares of the bins or levels.
        let shares: [Double]
        /// Numeric terms: the bins to place a value in; nil for categorical ones.
        let bins: QuantileBins?
    }

    private struct Ring {
        /// `capacity` records of one slot per feature.
        var slots: [UInt16]
        var counts: [[Int]]
        var next = 0
        var filled = 0
    }

    private let features: [Feature]
    private let ring: Mutex<Ring>

    /// A window for a version with a profile whose features are among `inputs`' terms; nil otherwise.
    init?(profile: TrainingProfile?, inputs: ModelInputs) {
        guard let profile else { return nil }
        var features: [Feature] = []
        for feature in profile.features {
            // The card's validation matched the profile to the terms, levels in the same order.
            guard let term = inputs.names.firstIndex(of: feature.name) else { return nil }
            switch (feature, inputs.kinds[term]) {
            case (.numeric(let numeric), .numeric):
                features.append(Feature(name: numeric.name, kind: inputs.kinds[term], shares: numeric.shares, bins: numeric.bins))
            case (.categorical(let categorical), .categorical(_, let levels)) where levels == categorical.levels:
                let total = Double(categorical.n)
                features.append(Feature(
                    name: categorical.name, kind: inputs.kinds[term], shares: categorical.counts.map { Double($0) / total }, bins: nil))
            default:
                return nil
            }
        }
        guard !features.isEmpty, features.allSatisfy({ $0.shares.count <= Int(UInt16.max) }) else { return nil }
        self.features = features
        ring = Mutex(Ring(
            slots: [UInt16](repeating: 0, count: Self.capacity * features.count),
            counts: features.map { [Int](repeating: 0, count: $0.shares.count) }))
    }

    /// Adds the answered records, oldest first; of a batch larger than the window only its last records stay.
    ///
    /// One feature at a time over the whole batch, so each feature's fields are read once per batch rather
    /// than once per record (a 10,000-record batch spent a sixth of its time retaining and releasing them).
    func record(_ batch: AnsweredBatch) {
        let width = features.count, rowWidth = batch.terms.featureCount
        let kept = max(batch.count - Self.capacity, 0)..<batch.count
        batch.featureRows.withUnsafeBufferPointer { rows in
            ring.withLock { ring in
                for (index, feature) in features.enumerated() {
                    var position = ring.next, filled = ring.filled
                    for record in kept {
                        let cell = position * width + index
                        if filled == Self.capacity { ring.counts[index][Int(ring.slots[cell])] -= 1 } else { filled += 1 }
                        let slot = Self.slot(of: feature, in: rows, at: record * rowWidth)
                        ring.slots[cell] = UInt16(slot)
                        ring.counts[index][slot] += 1
                        position = position + 1 == Self.capacity ? 0 : position + 1
                    }
                }
                ring.next = (ring.next + kept.count) % Self.capacity
                ring.filled = min(ring.filled + kept.count, Self.capacity)
            }
        }
    }

    /// Each feature's PSI over the window against the training shares, in profile order; empty while the
    /// window holds fewer than ``minimumRecords``.
    func populationStability() -> (records: Int, psi: [(feature: String, psi: Double)]) {
        let (filled, counts) = ring.withLock { ($0.filled, $0.counts) }
        guard filled >= Self.minimumRecords else { return (filled, []) }
        return (filled, zip(features, counts).map { feature, counts in
            (feature.name, PopulationStability.index(reference: feature.shares, live: counts.map { Double($0) / Double(filled) }))
        })
    }

    /// The bin of a numeric input, or the level index of a categorical one: the dummy that is 1, or the
    /// reference level when none is.
    private static func slot(of feature: Feature, in rows: UnsafeBufferPointer<Double>, at row: Int) -> Int {
        switch feature.kind {
        case .numeric(let column):
            return feature.bins?.bin(of: rows[row + column]) ?? 0
        case .categorical(let first, let levels):
            for offset in 0..<(levels.count - 1) where rows[row + first + offset] == 1 { return offset + 1 }
            return 0
        }
    }
}
