import Foundation

/// Loads a CSV data migration through the engine's bulk path, inside the caller's transaction.
///
/// On Postgres that is binary COPY with each column in its catalog type (``PostgresDatabase/copyInCSV(into:columns:reader:)``),
/// or text COPY when a column's type has no binary encoding here; on SQLite, multi-row INSERTs bound from the
/// records' bytes (``SQLiteDatabase/copyInCSV(into:columns:reader:)``).
///
/// A malformed record or a row the database rejects fails the load with the file, the CSV line and
/// the reason; the caller's rollback then leaves nothing loaded.
struct CSVLoader {
    let file: String
    let table: SQLIdentifier
    let data: Data

    func load(into database: any Database) throws {
        var reader: CSVReader
        do {
            reader = try CSVReader(bytes: data)
        } catch {
            throw MigrationError.csv(file: file, line: error.line, reason: error.reason)
        }
        let columns: [SQLIdentifier]
        do {
            columns = try reader.header.map { name throws(DatabaseError) in try SQLIdentifier(name) }
        } catch {
            throw MigrationError.csv(file: file, line: 1, reason: "the header has a column name that is not a valid identifier")
        }
        if let postgres = database as? PostgresDatabase {
            let outcome: PostgresCSVEncoder.Outcome?
            do {
                outcome = try postgres.copyInCSV(into: table, columns: columns, reader: reader)
            } catch {
                throw MigrationError.csv(file: file, line: error.row.flatMap(line(ofRecord:)) ?? 0, reason: error.description)
            }
            if let outcome {
                if let problem = outcome.problem { throw MigrationError.csv(file: file, line: problem.line, reason: problem.reason) }
                return
            }
        }
        if let sqlite = database as? SQLiteDatabase {
            let outcome: (rows: Int, problem: CSVReader.Problem?)
            do {
                outcome = try sqlite.copyInCSV(into: table, columns: columns, reader: &reader)
            } catch {
                throw MigrationError.csv(file: file, line: error.row.flatMap(line(ofRecord:)) ?? 0, reason: error.description)
            }
            if let problem = outcome.problem { throw MigrationError.csv(file: file, line: problem.line, reason: problem.reason) }
            return
        }
        let rows = RecordingLines(reader: reader)
        do {
            try database.copyIn(into: table, columns: columns, rows: rows)
        } catch {
            let line = error.row.flatMap { $0 >= 1 && $0 <= rows.lines.count ? rows.lines[$0 - 1] : nil }
            throw MigrationError.csv(file: file, line: line ?? 0, reason: error.description)
        }
        if let problem = rows.problem {
            throw MigrationError.csv(file: file, line: problem.line, reason: problem.reason)
        }
    }
}

extension CSVLoader {
    /// The line on which the `number`th record (1-based) starts, found by reading the file again: only a
    /// failed load asks, so a large one keeps no line per record.
    private func line(ofRecord number: Int) -> Int? {
        guard number >= 1, var reader = try? CSVReader(bytes: data) else { return nil }
        for _ in 0..<number {
            guard reader.nextRecord({ _ in }) else { return nil }
        }
        return reader.recordLine
    }
}

/// Passes a CSV reader's records through while noting the line each starts on, so errors can name the line.
private final class RecordingLines: Sequence, IteratorProtocol {
    private var reader: CSVReader
    /// The starting line of every record handed out so far.
    private(set) var lines: [Int] = []

    init(reader: CSVReader) {
        self.reader = reader
    }

    var problem: CSVReader.Problem? { reader.problem }

    func next() -> [SQLValue]? {
        guard let record = reader.next() else { return nil }
        lines.append(reader.recordLine)
        return record
    }
}
