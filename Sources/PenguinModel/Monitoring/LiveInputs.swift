import DataGateway
import Foundation
import PenguinJSON

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

    /// Every version's inputs in `window` (only `version`'s when given), by version. The database counts each
    /// distinct inputs object (migration 0009 keeps a record's inputs in one); each is split into its terms here.
    static func read(_ window: MonitorWindow, version: String?, on database: any Database) throws(MonitorError) -> [String: LiveInputs] {
        let sql = LogWindowSQL(kind: database.kind)
        let query = """
            SELECT version, CAST(inputs AS TEXT) AS inputs, count(*) AS n
            FROM prediction_log
            WHERE \(sql.within("predicted_at"))\(version == nil ? "" : " AND version = $3")
            GROUP BY version, inputs
            """
        let frame = try MonitorQuery.run(query, window: window, version: version, on: database)
        var numbers: [String: [String: [Double: Int]]] = [:]
        var levels: [String: [String: [String: Int]]] = [:]
        do {
            let versions = try frame.column("version"), objects = try frame.column("inputs"), n = try frame.column("n")
            for row in 0..<frame.rowCount {
                guard let version = versions.string(row), let text = objects.string(row) else { continue }
                let count = Int(n.numeric(row) ?? 0)
                guard case .object(let terms) = try JSONValue.parse(Data(text.utf8)) else {
                    throw MonitorError.database(DatabaseError(.query, "a prediction_log row's inputs are not a JSON object: \(text.prefix(80))"))
                }
                for (feature, value) in terms {
                    switch value {
                    case .number(let number): numbers[version, default: [:]][feature, default: [:]][number, default: 0] += count
                    case .string(let name): levels[version, default: [:]][feature, default: [:]][name, default: 0] += count
                    default: continue
                    }
                }
            }
        } catch let error as MonitorError {
            throw error
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
