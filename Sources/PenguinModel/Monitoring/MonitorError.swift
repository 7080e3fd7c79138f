import DataGateway

/// Why `penguins monitor` could not measure the prediction log.
public enum MonitorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--since` that is not a duration the monitor reads.
    case badLookback(String, problem: String)
    /// A threshold outside the range its statistic takes.
    case badThreshold(name: String, value: Double, problem: String)
    /// The database refused a statement or could not be reached.
    case database(DatabaseError)
    /// The log's tables are missing or lack a column: the database was migrated before the prediction log (or its
    /// latest change) existed.
    case notMigrated(DatabaseError)

    public var description: String {
        switch self {
        case .badLookback(let text, let problem):
            "--since \(String(text.prefix(40)).debugDescription) is not a duration: \(problem)"
        case .badThreshold(let name, let value, let problem):
            "--\(name) \(value) cannot be used: \(problem)"
        case .database(let error):
            error.description
        case .notMigrated(let error):
            "the prediction log tables are missing or out of date (\(error.message)); run `penguins migrate` to bring them up to date"
        }
    }
}
