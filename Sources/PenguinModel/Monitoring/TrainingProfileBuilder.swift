import DataGateway

/// Builds a ``TrainingProfile`` from the complete-case training rows, one batch at a time, in memory bounded
/// by the number of terms (per numeric term at most ``NumericProfile/maximumSampleSize`` distinct values; per
/// categorical term one count per level), never by the number of rows.
///
/// A streaming trainer calls ``add(_:)`` with each batch (a frame holding at least the term columns, with no
/// nulls: complete cases) and ``profile()`` at the end. The mean and variance are merged batch by batch
/// (Chan, Golub and LeVeque's pairwise update), so they do not drift with the row count.
public struct TrainingProfileBuilder: Sendable {
    private enum Accumulator {
        case numeric(name: String, moments: Moments, counter: ValueCounter)
        case categorical(name: String, levels: [String], counts: [Int])
    }

    /// Count, mean and sum of squared deviations.
    private struct Moments {
        var n = 0
        var mean = 0.0
        var squaredDeviations = 0.0

        /// Merges a batch's moments, computed from the batch in two passes.
        mutating func merge(_ values: [Double]) {
            guard !values.isEmpty else { return }
            let count = Double(values.count)
            let batchMean = values.reduce(0, +) / count
            let batchSquares = values.reduce(0) { $0 + ($1 - batchMean) * ($1 - batchMean) }
            let total = Double(n) + count
            let delta = batchMean - mean
            squaredDeviations += batchSquares + delta * delta * Double(n) * count / total
            mean += delta * count / total
            n += values.count
        }
    }

    private var accumulators: [Accumulator]

    /// A builder for the terms of an encoding (``DesignEncoding/terms``).
    public init(terms: [TermEncoding]) {
        accumulators = terms.map { term in
            switch term {
            case .numeric(let name):
                .numeric(name: name, moments: Moments(), counter: ValueCounter(limit: NumericProfile.maximumSampleSize))
            case .categorical(let name, let levels):
                .categorical(name: name, levels: levels, counts: [Int](repeating: 0, count: levels.count))
            }
        }
    }

    /// Adds one batch of complete-case rows. A null, a non-finite number or a level the encoding lacks is an
    /// error naming the column and row, as the fit would report it.
    public mutating func add(_ batch: Frame) throws(ModelError) {
        for index in accumulators.indices {
            switch accumulators[index] {
            case .numeric(let name, var moments, var counter):
                let column: Column
                do { column = try batch.column(name) } catch { throw .frame(error) }
                var values: [Double] = []
                values.reserveCapacity(batch.rowCount)
                for row in 0..<batch.rowCount {
                    guard let value = column.numeric(row) else { throw .missingValue(column: name, row: row) }
                    guard value.isFinite else { throw .notFinite(column: name, row: row) }
                    values.append(value)
                    counter.add(value)
                }
                moments.merge(values)
                accumulators[index] = .numeric(name: name, moments: moments, counter: counter)
            case .categorical(let name, let levels, var counts):
                let column: Column
                do { column = try batch.column(name) } catch { throw .frame(error) }
                guard case .string(let codes, let dictionary) = column.values else {
                    throw .unsupportedColumnType(column: name, type: column.type, role: "categorical term")
                }
                let levelOfCode = dictionary.map { levels.firstIndex(ofExactly: $0) }
                for row in 0..<batch.rowCount {
                    guard !column.isNull(row) else { throw .missingValue(column: name, row: row) }
                    let code = Int(codes[row])
                    guard let level = levelOfCode[code] else {
                        throw .unknownLevel(term: name, value: dictionary[code], allowed: levels)
                    }
                    counts[level] += 1
                }
                accumulators[index] = .categorical(name: name, levels: levels, counts: counts)
            }
        }
    }

    /// The profile of every row added so far; nil before any row was added.
    public func profile() -> TrainingProfile? {
        var features: [FeatureProfile] = []
        for accumulator in accumulators {
            switch accumulator {
            case .numeric(let name, let moments, let counter):
                guard moments.n > 0 else { return nil }
                let sample = counter.sample
                let bins = QuantileBins(deciles: sample)
                let shares = bins.counts(of: sample).map { Double($0) / Double(sample.total) }
                features.append(.numeric(NumericProfile(
                    name: name, n: moments.n, mean: moments.mean,
                    standardDeviation: (moments.squaredDeviations / Double(moments.n)).squareRoot(),
                    bins: bins, shares: shares, sample: sample, sampleIsExact: counter.isExact)))
            case .categorical(let name, let levels, let counts):
                guard counts.contains(where: { $0 > 0 }) else { return nil }
                features.append(.categorical(CategoricalProfile(name: name, levels: levels, counts: counts)))
            }
        }
        return TrainingProfile(features: features)
    }
}
