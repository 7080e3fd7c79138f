public import DataGateway
import Foundation

/// The Palmer Penguins rows as the database's `penguins` table holds them (`id` first), read from the
/// repository's own data migration with the gateway's CSV reader, for tests that need the data but no database.
public enum PenguinsFixture {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    private static let types: [String: ColumnType] = [
        "species": .string, "island": .string, "sex": .string,
        "bill_length_mm": .double, "bill_depth_mm": .double,
        "flipper_length_mm": .int64, "body_mass_g": .int64, "year": .int64,
    ]

    public static func frame() throws -> Frame {
        let path = TestDatabase.repositoryMigrations + "/0002_palmer_penguins.penguins.csv"
        var reader = try CSVReader(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
        var id = ColumnBuilder(name: "id", type: .int64)
        var builders = try reader.header.map { name in
            guard let type = types[name] else { throw LoadError(description: "unexpected column \(name)") }
            return ColumnBuilder(name: name, type: type)
        }
        while let record = reader.next() {
            id.append(Int64(id.count + 1))
            for (index, field) in record.enumerated() {
                try append(field, to: &builders[index], line: reader.recordLine)
            }
        }
        if let problem = reader.problem { throw LoadError(description: "\(path), line \(problem.line): \(problem.reason)") }
        return try Frame(columns: [id.build()] + builders.map { $0.build() })
    }

    public static func penguins() throws -> Penguins {
        try Penguins(frame())
    }

    private static func append(_ field: SQLValue, to builder: inout ColumnBuilder, line: Int) throws {
        guard case .text(let text) = field else { return builder.appendNull() }
        switch builder.type {
        case .string: builder.append(text)
        case .double:
            guard let value = Double(text) else { throw LoadError(description: "line \(line): '\(text)' is not a number") }
            builder.append(value)
        case .int64:
            guard let value = Int64(text) else { throw LoadError(description: "line \(line): '\(text)' is not an integer") }
            builder.append(value)
        case .bool, .date: throw LoadError(description: "the fixture has no \(builder.type) columns")
        }
    }
}

/// Relative difference, with an absolute floor so that values near zero compare sensibly.
public func relativeError(_ actual: Double, _ expected: Double) -> Double {
    abs(actual - expected) / max(abs(expected), 1e-300)
}
