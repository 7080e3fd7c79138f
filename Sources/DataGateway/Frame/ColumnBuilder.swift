/// Accumulates one column row by row; the connectors fill frames through builders so that no
/// per-row object ever exists between the driver and the typed buffer.
///
/// Appending a value of the wrong type is a programming error in the connector, not bad input:
/// connectors pick the builder's type from the result's metadata before the first row.
public struct ColumnBuilder: Sendable {
    public let name: String
    public let type: ColumnType
    private var doubles: [Double] = []
    private var ints: [Int64] = []
    private var bools: [Bool] = []
    private var codes: [UInt32] = []
    private var dictionary: [String] = []
    private var codeOfString: [String: UInt32] = [:]
    /// Codes by FNV-1a hash of their UTF-8 bytes, so text arriving as bytes is matched without building a String.
    private var codesOfHash: [UInt64: [UInt32]] = [:]
    private var validity = ValidityBitmap()

    public init(name: String, type: ColumnType, capacity: Int = 0) {
        self.name = name
        self.type = type
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
        precondition(type == .string, "column \(name) is \(type), not string")
        if let code = codeOfString[value] {
            codes.append(code)
        } else {
            codes.append(newCode(for: value))
        }
        validity.append(true)
    }

    /// Appends UTF-8 bytes to a string column without building a `String` when the text was seen before,
    /// which is most rows of a categorical column.
    public mutating func appendUTF8(_ bytes: UnsafeRawBufferPointer) {
        precondition(type == .string, "column \(name) is \(type), not string")
        let hash = Self.fnv1a(bytes)
        if let candidates = codesOfHash[hash],
            let code = candidates.first(where: { dictionary[Int($0)].utf8.elementsEqual(bytes) })
        {
            codes.append(code)
        } else {
            codes.append(newCode(for: String(decoding: bytes, as: UTF8.self)))
        }
        validity.append(true)
    }

    private mutating func newCode(for value: String) -> UInt32 {
        if let code = codeOfString[value] { return code }
        let code = UInt32(dictionary.count)
        dictionary.append(value)
        codeOfString[value] = code
        let hash = value.utf8.withContiguousStorageIfAvailable { Self.fnv1a(UnsafeRawBufferPointer($0)) }
            ?? Array(value.utf8).withUnsafeBytes { Self.fnv1a($0) }
        codesOfHash[hash, default: []].append(code)
        return code
    }

    private static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
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
        return Column(name: name, values: values, validity: validity)
    }
}
