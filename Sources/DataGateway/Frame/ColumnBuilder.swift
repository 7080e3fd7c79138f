/// Accumulates one column row by row; the connectors fill frames through builders so that no
/// per-row object ever exists between the driver and the typed buffer.
///
/// Appending a value of the wrong type is a programming error in the connector, not bad input:
/// connectors pick the builder's type from the result's metadata before the first row.
public struct ColumnBuilder: Sendable {
    public let name: String
    public let type: ColumnType
    /// For a date column: what its values mean (see ``Column/dates``).
    public let dates: DateMeaning
    private var doubles: [Double] = []
    private var ints = IntegerValues()
    private var bools: [Bool] = []
    private var codes = DictionaryCodes()
    private var dictionary: [String] = []
    private var dictionaryIndex = DictionaryIndex()
    private var validity = ValidityBitmap()

    public init(name: String, type: ColumnType, dates: DateMeaning = .days, capacity: Int = 0) {
        self.name = name
        self.type = type
        self.dates = dates
        reserveCapacity(capacity)
    }

    public var count: Int { validity.count }

    /// Reserves room for `capacity` rows in total.
    public mutating func reserveCapacity(_ capacity: Int) {
        guard capacity > 0 else { return }
        validity.reserveCapacity(capacity)
        switch type {
        case .double, .date: doubles.reserveCapacity(capacity)
        case .int64: ints.reserveCapacity(capacity)
        case .bool: bools.reserveCapacity(capacity)
        case .string: codes.reserveCapacity(capacity)
        }
    }

    /// Appends a null row.
    public mutating func appendNull() {
        switch type {
        case .double, .date: doubles.append(0)
        case .int64: ints.append(0)
        case .bool: bools.append(false)
        case .string: codes.append(0)
        }
        validity.append(false)
    }

    /// Appends to a double or date column.
    public mutating func append(_ value: Double) {
        precondition(type == .double || type == .date, "column \(name) is \(type), not double")
        doubles.append(value)
        validity.append(true)
    }

    /// Appends to an int64 column.
    public mutating func append(_ value: Int64) {
        precondition(type == .int64, "column \(name) is \(type), not int64")
        ints.append(value)
        validity.append(true)
    }

    /// Appends to a bool column.
    public mutating func append(_ value: Bool) {
        precondition(type == .bool, "column \(name) is \(type), not bool")
        bools.append(value)
        validity.append(true)
    }

    /// Appends to a string column, storing each distinct string once.
    public mutating func append(_ value: String) {
        var value = value
        value.withUTF8 { appendUTF8(UnsafeRawBufferPointer($0)) }
    }

    /// Appends UTF-8 bytes to a string column without building a `String` when the text was seen before,
    /// which is most rows of a categorical column.
    @inline(__always)
    public mutating func appendUTF8(_ bytes: UnsafeRawBufferPointer) {
        precondition(type == .string, "column \(name) is \(type), not string")
        codes.append(code(ofUTF8: bytes))
        validity.append(true)
    }

    /// The dictionary code of a string column's text, adding it to the dictionary when it is new. The caller
    /// appends the code itself, with ``append(slots:validity:)``, before the column is built.
    @inline(__always)
    mutating func code(ofUTF8 bytes: UnsafeRawBufferPointer) -> UInt32 {
        let (code, isNew) = dictionaryIndex.code(of: bytes)
        if isNew { dictionary.append(String(decoding: bytes, as: UTF8.self)) }
        return code
    }

    /// Appends a block of rows gathered by a reader: one 64-bit slot per row (an `Int64`'s or a `Double`'s bit
    /// pattern, 0 or 1 for a bool, a code from ``code(ofUTF8:)`` for a string, 0 for a null) and their validity,
    /// 64 rows a word. Each array then grows once per block, not once per row with a uniqueness check each time,
    /// which was a fifth of a SQLite read.
    mutating func append(slots: UnsafeBufferPointer<UInt64>, validity: UnsafeBufferPointer<UInt64>) {
        switch type {
        case .double, .date: slots.withMemoryRebound(to: Double.self) { doubles.append(contentsOf: $0) }
        case .int64: ints.append(bitPatterns: slots)
        case .bool: bools.append(contentsOf: slots.lazy.map { $0 != 0 })
        case .string: codes.append(slots: slots)
        }
        self.validity.append(words: validity, count: slots.count)
    }

    /// The finished column.
    public func build() -> Column {
        let values: ColumnValues =
            switch type {
            case .double: .double(doubles)
            case .date: .date(doubles)
            case .int64: .int64(ints)
            case .bool: .bool(bools)
            case .string: .string(codes: codes, dictionary: dictionary)
            }
        return Column(name: name, values: values, validity: validity, dates: dates)
    }
}
