/// Count, mean, standard deviation, minimum and maximum of one measure within one group:
/// the labs' `groupby().agg(...)` table.
public struct GroupSummary: Sendable, Equatable {
    /// The group's key values, one per grouping column, rendered as text (`NA` for null).
    public let key: [String]
    /// Rows in the group, including those where the measure is null.
    public let rows: Int
    /// Rows where the measure has a value.
    public let count: Int
    public let mean: Double?
    /// The sample standard deviation (n − 1), as R's `sd` and pandas' `std` compute it; nil below two values.
    public let standardDeviation: Double?
    public let minimum: Double?
    public let maximum: Double?
}

extension Frame {
    /// Summarises `measure` within each group of `keys`, groups in sorted key order.
    public func summarize(_ measure: String, by keys: [String]) throws(FrameError) -> [GroupSummary] {
        let values = try column(measure, as: .double, .int64, .date)
        var keyColumns: [Column] = []
        for key in keys { keyColumns.append(try column(key)) }
        var rowsOfKey: [[String]: [Int]] = [:]
        for row in 0..<rowCount {
            rowsOfKey[keyColumns.map { $0.displayValue(row) }, default: []].append(row)
        }
        return rowsOfKey.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            summary(of: values, rows: rowsOfKey[key]!, key: key)
        }
    }

    private func summary(of column: Column, rows: [Int], key: [String]) -> GroupSummary {
        let values = rows.compactMap { column.numeric($0) }
        guard !values.isEmpty else {
            return GroupSummary(key: key, rows: rows.count, count: 0, mean: nil, standardDeviation: nil, minimum: nil, maximum: nil)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let sd = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : nil
        return GroupSummary(
            key: key, rows: rows.count, count: values.count, mean: mean, standardDeviation: sd,
            minimum: values.min(), maximum: values.max())
    }
}
