/// The chi-square test of independence on a 2 × k table of training and live level counts, as
/// `scipy.stats.chi2_contingency(table)` computes it by default: expected counts from the margins, Pearson's
/// statistic, dof = k − 1, and Yates' continuity correction when dof = 1 (each observed count moved up to 0.5
/// towards its expected count), with p = Q(dof/2, statistic/2) (``IncompleteGamma``).
///
/// SciPy refuses a table with a column of zeros (a level neither side has); such columns carry no
/// information, so they are left out here before the test.
public struct ChiSquareContingency: Sendable, Hashable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    /// The test on two rows of counts over the same levels; nil when either row has no counts or the
    /// counts are negative.
    public init?(_ first: [Int], _ second: [Int]) {
        guard first.count == second.count, !(first + second).contains(where: { $0 < 0 }) else { return nil }
        let columns = zip(first, second).filter { $0.0 + $0.1 > 0 }
        let rowTotals = [columns.reduce(0) { $0 + $1.0 }, columns.reduce(0) { $0 + $1.1 }]
        guard rowTotals[0] > 0, rowTotals[1] > 0 else { return nil }
        let total = Double(rowTotals[0] + rowTotals[1])
        degreesOfFreedom = columns.count - 1
        guard degreesOfFreedom > 0 else {
            (statistic, pValue) = (0, 1)
            return
        }
        var sum = 0.0
        for counts in columns {
            let columnTotal = Double(counts.0 + counts.1)
            for (row, observed) in [counts.0, counts.1].enumerated() {
                let expected = Double(rowTotals[row]) * columnTotal / total
                var observed = Double(observed)
                if degreesOfFreedom == 1 {
                    let difference = expected - observed
                    observed += min(0.5, abs(difference)) * (difference > 0 ? 1 : difference < 0 ? -1 : 0)
                }
                sum += (observed - expected) * (observed - expected) / expected
            }
        }
        statistic = sum
        pValue = IncompleteGamma.upperRegularized(a: Double(degreesOfFreedom) / 2, x: sum / 2)
    }

    /// The test of live level counts against a categorical term's training counts (levels as in
    /// ``PopulationStability/index(ofLevelCounts:against:)``).
    public init?(live: [String: Int], against profile: CategoricalProfile) {
        let table = CategoricalTable(live: live, profile: profile)
        self.init(table.rows.reference, table.rows.live)
    }
}
