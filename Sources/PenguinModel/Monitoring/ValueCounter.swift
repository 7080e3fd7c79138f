/// Counts a numeric column's distinct values in bounded memory, batch by batch.
///
/// Exact while there are at most ``limit`` distinct values. When a value would exceed that, the counts are
/// summarised: sorted, and cut into runs of consecutive values holding about total ÷ (limit ÷ 2)
/// observations each (a value with more stays alone), each run becoming one value, its count-weighted mean,
/// with its total count. Every later overflow summarises again. Memory stays at most ``limit`` entries; a
/// quantile read from the summary is off by at most about 2 ÷ limit in rank after one summary. The result
/// depends only on the order of the values, not on how they were cut into batches.
struct ValueCounter {
    let limit: Int
    private(set) var counts: [Double: Int] = [:]
    /// Whether ``counts`` are still the exact distinct values.
    private(set) var isExact = true

    init(limit: Int) {
        precondition(limit >= 2)
        self.limit = limit
    }

    mutating func add(_ value: Double) {
        counts[value, default: 0] += 1
        if counts.count > limit { summarise() }
    }

    var sample: WeightedSample { WeightedSample(counting: counts) }

    private mutating func summarise() {
        let sorted = counts.sorted { $0.key < $1.key }
        let total = sorted.reduce(0) { $0 + $1.value }
        let groups = limit / 2
        let perGroup = (total + groups - 1) / groups
        var summary: [Double: Int] = [:]
        // A running mean, which cannot overflow where a sum of value × count could.
        var mean = 0.0, groupCount = 0
        for (value, count) in sorted {
            groupCount += count
            mean += (value - mean) * Double(count) / Double(groupCount)
            if groupCount >= perGroup {
                summary[mean, default: 0] += groupCount
                mean = 0
                groupCount = 0
            }
        }
        if groupCount > 0 { summary[mean, default: 0] += groupCount }
        counts = summary
        isExact = false
    }
}
