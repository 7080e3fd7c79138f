import DataGateway
import PenguinModel

/// The training rows as the app's chart draws them: the served model's columns (response and terms) and
/// the species, which decides each point's colour and marker, for the rows that have all of the model's values.
///
/// The server never reads the database after start-up, so the rows are handed over then and inlined into the page.
public struct TrainingRows: Sendable, Equatable {
    public enum Values: Sendable, Equatable {
        case numbers([Double])
        case strings([String])
    }

    /// By column name; every column has ``count`` values.
    public let columns: [String: Values]
    public let count: Int
    /// Why there are no rows although the model has data, e.g. a model trained with `--query` on a column
    /// the penguins table lacks: the page says so instead of drawing an empty chart without a word.
    public let unavailable: String?

    /// The complete cases of `formula`'s columns in `frame`, as `train` chose its rows, with their species.
    public init(frame: Frame, formula: Formula) {
        let wanted = formula.columns + (formula.columns.contains("species") ? [] : ["species"])
        let present = wanted.filter { (try? frame.column($0)) != nil }
        if let missing = formula.columns.first(where: { !present.contains($0) }) {
            self.init(columns: [:], count: 0, unavailable: "the penguins table has no column \(missing)")
            return
        }
        guard let complete = try? frame.droppingRows(withNullsIn: formula.columns) else {
            self.init(columns: [:], count: 0, unavailable: "the penguins table cannot be read for \(formula)")
            return
        }
        var columns: [String: Values] = [:]
        for name in present {
            guard let column = try? complete.column(name) else { continue }
            let rows = 0..<complete.rowCount
            columns[name] =
                switch column.type {
                case .double, .int64: .numbers(rows.map { column.numeric($0) ?? .nan })
                default: .strings(rows.map { column.string($0) ?? "" })
                }
        }
        self.init(columns: columns, count: complete.rowCount, unavailable: nil)
    }

    public init(columns: [String: Values], count: Int, unavailable: String?) {
        self.columns = columns
        self.count = count
        self.unavailable = unavailable
    }

    /// No rows, and the page says why: with API keys on, training rows are data the keys guard, and the app
    /// page is public.
    static let withheldWhileKeyed = TrainingRows(
        columns: [:], count: 0, unavailable: "the training data is not shown while API keys are required")

    /// The values of a numeric column, empty when there is none.
    func numbers(_ name: String) -> [Double] {
        if case .numbers(let values)? = columns[name] { values } else { [] }
    }
}
