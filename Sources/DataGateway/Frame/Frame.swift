import Foundation

/// The one in-memory table of the gateway: named columns of equal length, each a typed buffer.
///
/// Everything downstream of the database (model, report, server) takes a `Frame`, never a connection.
///
/// ## Topics
/// - ``column(_:)``
/// - ``droppingRows(withNullsIn:)``
/// - ``filter(_:)``
/// - ``grouped(by:)``
/// - ``head(_:)``
public struct Frame: Sendable, Equatable {
    public let columns: [Column]
    public let rowCount: Int
    private let indexOfName: [String: Int]

    /// Creates a frame; all columns must have the same length and distinct names.
    public init(columns: [Column]) throws(FrameError) {
        var indexOfName: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            guard indexOfName.updateValue(index, forKey: column.name) == nil else {
                throw .duplicateColumn(column.name)
            }
            if column.count != columns[0].count {
                throw .lengthMismatch(column: column.name, expected: columns[0].count, actual: column.count)
            }
        }
        self.columns = columns
        self.rowCount = columns.first?.count ?? 0
        self.indexOfName = indexOfName
    }

    /// A frame with no columns and no rows.
    public static let empty = try! Frame(columns: [])

    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`.
    public func column(_ name: String) throws(FrameError) -> Column {
        guard let index = indexOfName[name] else { throw .missingColumn(name, available: columnNames) }
        return columns[index]
    }

    /// The column called `name`, checked to be one of `types`.
    public func column(_ name: String, as types: ColumnType...) throws(FrameError) -> Column {
        let column = try column(name)
        guard types.contains(column.type) else {
            throw .wrongType(column: name, expected: types, actual: column.type)
        }
        return column
    }

    /// The rows at `rows`, in that order.
    public func gathering(rows: [Int]) -> Frame {
        try! Frame(columns: columns.map { $0.gathering(rows) })
    }

    /// The rows for which `isIncluded` returns true, given the row index.
    public func filter(_ isIncluded: (Int) throws -> Bool) rethrows -> Frame {
        var kept: [Int] = []
        for row in 0..<rowCount where try isIncluded(row) { kept.append(row) }
        return gathering(rows: kept)
    }

    /// The rows with a value in every one of `names`; how modelling gets its complete cases.
    public func droppingRows(withNullsIn names: [String]) throws(FrameError) -> Frame {
        var checked: [Column] = []
        for name in names { checked.append(try column(name)) }
        checked.removeAll { $0.nullCount == 0 }
        guard !checked.isEmpty else { return self }
        let validities = checked.map(\.validity)
        return filter { row in validities.allSatisfy { $0[row] } }
    }

    /// A one-line-per-column schema: name, type and null count.
    public var schemaDescription: String {
        let width = columns.map(\.name.count).max() ?? 0
        return columns.map { column in
            let padded = column.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(padded)  \(column.holdsTimestamps ? "timestamp" : column.type.rawValue)  (\(column.nullCount) null)"
        }.joined(separator: "\n")
    }

    /// The first `count` rows as an aligned text table, the way a data scientist glances at a table.
    public func head(_ count: Int = 10) -> String {
        let shown = min(count, rowCount)
        let cells = columns.map { column in [column.name] + (0..<shown).map { column.displayValue($0) } }
        let widths = cells.map { $0.map(\.count).max() ?? 0 }
        return (0...shown).map { line in
            zip(cells, widths).map { column, width in
                column[line].padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
