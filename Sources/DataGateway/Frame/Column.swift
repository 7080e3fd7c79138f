import PenguinLogging

/// A named, typed column of a ``Frame``: one contiguous buffer plus a validity bitmap.
public struct Column: Sendable, Equatable {
    public let name: String
    public let values: ColumnValues
    public let validity: ValidityBitmap
    /// What a date column's values mean: calendar days, or points in time with or without a time zone.
    public let dates: DateMeaning

    /// Creates a column; the buffer and the bitmap must cover the same rows.
    public init(name: String, values: ColumnValues, validity: ValidityBitmap, dates: DateMeaning = .days) {
        self.name = name
        self.values = values
        self.validity = validity
        self.dates = dates
        precondition(Self.length(of: values) == validity.count, "column \(name): values and validity differ in length")
    }

    public var type: ColumnType { values.type }
    /// Whether a date column holds points in time (SQL `timestamp`/`timestamptz`) rather than calendar days,
    /// so that midnight shows as a time, not as a bare date.
    public var holdsTimestamps: Bool { dates != .days }
    public var count: Int { validity.count }
    public var nullCount: Int { validity.nullCount }

    /// Whether row `row` is null.
    public func isNull(_ row: Int) -> Bool { !validity[row] }

    /// The value at `row` as a `Double` for numeric columns (double, int64, date), or nil when null
    /// or not numeric. The model reads every numeric term through this, whatever the engine's integer type.
    @inlinable
    public func numeric(_ row: Int) -> Double? {
        guard validity[row] else { return nil }
        switch values {
        case .double(let values), .date(let values): return values[row]
        case .int64(let values): return Double(values[row])
        case .bool, .string: return nil
        }
    }

    /// The value at `row` of an int64 column, or nil when null or of another type.
    public func int64(_ row: Int) -> Int64? {
        guard validity[row], case .int64(let values) = values else { return nil }
        return values[row]
    }

    /// The value at `row` of a bool column, or nil when null or of another type.
    public func bool(_ row: Int) -> Bool? {
        guard validity[row], case .bool(let values) = values else { return nil }
        return values[row]
    }

    /// The text at `row` of a string column, or nil when null or of another type.
    public func string(_ row: Int) -> String? {
        guard validity[row], case .string(let codes, let dictionary) = values else { return nil }
        return dictionary[Int(codes[row])]
    }

    /// The distinct non-null strings of a string column, sorted; empty for other types.
    /// Categorical terms take their levels from here.
    public func distinctStrings() -> [String] {
        guard case .string(let codes, let dictionary) = values else { return [] }
        var used = [Bool](repeating: false, count: dictionary.count)
        for row in 0..<count where validity[row] { used[Int(codes[row])] = true }
        return dictionary.indices.filter { used[$0] }.map { dictionary[$0] }.sorted()
    }

    /// The value at `row` rendered for display; `NA` for null, as R and the CSV write it.
    public func displayValue(_ row: Int) -> String {
        guard validity[row] else { return "NA" }
        switch values {
        case .double(let values): return formatDouble(values[row])
        case .int64(let values): return String(values[row])
        case .bool(let values): return String(values[row])
        case .date(let values): return formatTimestamp(values[row], as: dates)
        case .string(let codes, let dictionary): return dictionary[Int(codes[row])]
        }
    }

    /// A column of the given rows, in the given order.
    func gathering(_ rows: [Int]) -> Column {
        var validity = ValidityBitmap()
        validity.reserveCapacity(rows.count)
        for row in rows { validity.append(self.validity[row]) }
        return Column(name: name, values: values.gathering(rows), validity: validity, dates: dates)
    }

    private static func length(of values: ColumnValues) -> Int {
        switch values {
        case .double(let values), .date(let values): values.count
        case .int64(let values): values.count
        case .bool(let values): values.count
        case .string(let codes, _): codes.count
        }
    }
}

/// What the seconds in a date column stand for, which decides how they print.
public enum DateMeaning: Sendable, Equatable {
    /// Calendar days (SQL `date`): a whole day prints as a bare date.
    case days
    /// Wall-clock times with no time zone (SQL `timestamp`): printed without `Z`, since they are not UTC.
    case localTimestamps
    /// Instants (SQL `timestamptz`): printed in UTC, with `Z`.
    case instants
}

/// ISO 8601 text for seconds since the Unix epoch, with microseconds when there are any. Days print as a
/// bare date when whole; timestamps always show their time (midnight is a time like any other), and only
/// instants carry the `Z` of UTC.
func formatTimestamp(_ seconds: Double, as meaning: DateMeaning = .days) -> String {
    // Postgres has ±infinity dates; beyond ±3 million years the calendar arithmetic would overflow.
    guard seconds.isFinite, abs(seconds) < 1e14 else { return seconds.isNaN ? "NaN" : (seconds > 0 ? "infinity" : "-infinity") }
    let microseconds = Int64((seconds * 1_000_000).rounded())
    let days = Int64((Double(microseconds) / 86_400_000_000).rounded(.down))
    let microsecondsOfDay = microseconds - days * 86_400_000_000
    let secondsOfDay = microsecondsOfDay / 1_000_000, fraction = microsecondsOfDay % 1_000_000
    let (year, month, day) = civilDate(daysSince1970: Int(days))
    let date = "\(year)-\(pad2(month))-\(pad2(day))"
    guard microsecondsOfDay != 0 || meaning != .days else { return date }
    let zone = meaning == .localTimestamps ? "" : "Z"
    let time = "\(pad2(secondsOfDay / 3600)):\(pad2(secondsOfDay / 60 % 60)):\(pad2(secondsOfDay % 60))"
    guard fraction != 0 else { return "\(date)T\(time)\(zone)" }
    let digits = String(fraction)
    return "\(date)T\(time).\(String(repeating: "0", count: 6 - digits.count))\(digits)\(zone)"
}

private func pad2(_ value: some BinaryInteger) -> String { value < 10 ? "0\(value)" : "\(value)" }
