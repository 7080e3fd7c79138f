import DataGateway
import Foundation

/// Loads the Palmer Penguins CSV test resource into a frame shaped like the database's `penguins` table,
/// `id` included, following PenguinModelTests' loader. The file has no quoted fields, so a split on
/// commas is a faithful parser.
enum PenguinsFixture {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    private static let types: [String: ColumnType] = [
        "species": .string, "island": .string, "sex": .string,
        "bill_length_mm": .double, "bill_depth_mm": .double,
        "flipper_length_mm": .int64, "body_mass_g": .int64, "year": .int64,
    ]

    static func penguins() throws -> Penguins {
        try Penguins(frame())
    }

    static func frame() throws -> Frame {
        guard let url = Bundle.module.url(forResource: "penguins", withExtension: "csv", subdirectory: "Fixtures") else {
            throw LoadError(description: "Fixtures/penguins.csv is not in the test bundle")
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        var id = ColumnBuilder(name: "id", type: .int64, capacity: lines.count - 1)
        var builders = try header.map { name in
            guard let type = types[name] else { throw LoadError(description: "unexpected column \(name)") }
            return ColumnBuilder(name: name, type: type, capacity: lines.count - 1)
        }
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else { throw LoadError(description: "line \(number + 2) has \(fields.count) fields") }
            id.append(Int64(number + 1))
            for (index, field) in fields.enumerated() {
                try append(String(field), to: &builders[index], line: number + 2)
            }
        }
        return try Frame(columns: [id.build()] + builders.map { $0.build() })
    }

    private static func append(_ field: String, to builder: inout ColumnBuilder, line: Int) throws {
        guard field != "NA", !field.isEmpty else { return builder.appendNull() }
        switch builder.type {
        case .string: builder.append(field)
        case .double:
            guard let value = Double(field) else { throw LoadError(description: "line \(line): '\(field)' is not a number") }
            builder.append(value)
        case .int64:
            guard let value = Int64(field) else { throw LoadError(description: "line \(line): '\(field)' is not an integer") }
            builder.append(value)
        case .bool, .date: throw LoadError(description: "the fixture has no \(builder.type) columns")
        }
    }
}
