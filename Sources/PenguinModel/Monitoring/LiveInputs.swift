import DataGateway

/// The inputs the log holds for one served version in the window, per model term: a numeric term's
/// distinct values with their counts, a categorical term's level counts. The database groups them, so
/// only one row per distinct value crosses the wire, however many records were logged.
public struct LiveInputs: Sendable, Equatable {
    public let version: String
    public var numbers: [String: WeightedSample] = [:]
    public var levels: [String: [String: Int]] = [:]

    /// How many records these are: every record logs each of its model's terms once, so any one term's
    /// count is the record count (the largest, should a term be missing from some rows).
    public var recordCount: Int {
        max(numbers.values.map(\.total).max() ?? 0, levels.values.map { $0.values.reduce(0, +) }.max() ?? 0)
    }

    /// Every version's inputs in `window` (only `version`'s when given), by version.
    static func read(_ window: MonitorWindow, version: String?, on database: any Database) throws(MonitorError) -> [String: LiveInputs] {
        let sql = LogWindowSQL(kind: database.kind)
        let query = """
            SELECT version, feature, number, level, count(*) AS n
            FROM \(sql.inputsForDistribution)
            WHERE \(sql.within("predicted_at"))\(version == nil ? "" : " AND version = $3")
            GROUP BY version, feature, number, level
            """
        let frame = try MonitorQuery.run(query, window: window, version: version, on: database)
        var numbers: [String: [String: [Double: Int]]] = [:]
        var levels: [String: [String: [String: Int]]] = [:]
        do {
            let versions = try frame.column("version"), features = try frame.column("feature")
            let number = try frame.column("number"), level = try frame.column("level"), n = try frame.column("n")
            for row in 0..<frame.rowCount {
                guard let version = versions.string(row), let feature = features.string(row) else { continue }
                let count = Int(n.numeric(row) ?? 0)
                if let value = number.numeric(row) {
                    numbers[version, default: [:]][feature, default: [:]][value, default: 0] += count
                } else if let name = level.string(row) {
                    levels[version, default: [:]][feature, default: [:]][name, default: 0] += count
                }
            }
        } catch {
            throw .database(DatabaseError(.query, "unexpected result of the live inputs query: \(error)"))
        }
        var inputs: [String: LiveInputs] = [:]
        for version in Set(numbers.keys).union(levels.keys) {
            inputs[version] = LiveInputs(
                version: version, numbers: (numbers[version] ?? [:]).mapValues { WeightedSample(counting: $0) },
                levels: levels[version] ?? [:])
        }
        return inputs
    }
}
