import PenguinModel
import Synchronization

/// The inputs of the last ``capacity`` records the served version answered, binned against that version's
/// training profile, in fixed memory: the live side of `penguins_feature_drift_psi`.
///
/// Each record's bin (numeric terms: the profile's ``QuantileBins``) or level (categorical terms) is kept in a
/// ring of `UInt16` slots, and the per-bin counts are updated as a record enters and the oldest leaves, so
/// reading the PSI never re-scans the window: a few dozen additions per feature. A request pays one lock and a
/// binary search per numeric input. The window belongs to one ``ServedModel``, so a model swap starts an
/// empty one against the new version's bins; a card without a profile has none.
final class LiveDriftWindow: Sendable {
    /// How many recent records the window holds.
    static let capacity = 10_000
    /// Fewer records than this report no drift: the PSI of a few records swings across the bands by chance
    /// (one record in ten bins is PSI > 1), so neither the gauges nor the app page's warning show until the
    /// window holds this many.
    static let minimumRecords = 100

    private struct Feature {
        let name: String
        let term: Int
        /// The training shares of the bins or levels.
        let shares: [Double]
        /// Numeric terms: the bins to place a value in; nil for categorical ones.
        let bins: QuantileBins?
        /// Categorical terms: a level's index.
        let levels: [String: Int]
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
            guard let term = inputs.names.firstIndex(of: feature.name) else { return nil }
            switch feature {
            case .numeric(let numeric):
                features.append(Feature(name: numeric.name, term: term, shares: numeric.shares, bins: numeric.bins, levels: [:]))
            case .categorical(let categorical):
                let total = Double(categorical.n)
                features.append(Feature(
                    name: categorical.name, term: term, shares: categorical.counts.map { Double($0) / total }, bins: nil,
                    levels: Dictionary(uniqueKeysWithValues: categorical.levels.enumerated().map { ($1, $0) })))
            }
        }
        guard !features.isEmpty, features.allSatisfy({ $0.shares.count <= Int(UInt16.max) }) else { return nil }
        self.features = features
        ring = Mutex(Ring(
            slots: [UInt16](repeating: 0, count: Self.capacity * features.count),
            counts: features.map { [Int](repeating: 0, count: $0.shares.count) }))
    }

    /// Adds the answered records, oldest first; of a batch larger than the window only its last records stay.
    func record(_ batch: AnsweredBatch) {
        let first = max(batch.count - Self.capacity, 0)
        var entering: [UInt16] = []
        entering.reserveCapacity((batch.count - first) * features.count)
        for record in first..<batch.count {
            for feature in features { entering.append(slot(of: batch.input(record: record, term: feature.term), in: feature)) }
        }
        let width = features.count
        ring.withLock { ring in
            for start in stride(from: 0, to: entering.count, by: width) {
                let base = ring.next * width
                for index in 0..<width {
                    if ring.filled == Self.capacity { ring.counts[index][Int(ring.slots[base + index])] -= 1 }
                    let bin = entering[start + index]
                    ring.slots[base + index] = bin
                    ring.counts[index][Int(bin)] += 1
                }
                ring.next = (ring.next + 1) % Self.capacity
                ring.filled = min(ring.filled + 1, Self.capacity)
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

    /// The bin or level index of an input. A level the profile lacks cannot be answered (the encoding
    /// refuses it), so it has no slot of its own; it would count as the reference level.
    private func slot(of input: ModelInput, in feature: Feature) -> UInt16 {
        switch input {
        case .number(let value): UInt16(feature.bins?.bin(of: value) ?? 0)
        case .level(let level): UInt16(feature.levels[level] ?? 0)
        }
    }
}
