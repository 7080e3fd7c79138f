/// One bit per row saying whether the row holds a value, so nullability costs 1/64 of a word per row
/// instead of an optional per value.
public struct ValidityBitmap: Sendable, Equatable {
    private var words: [UInt64] = []
    /// The number of rows the bitmap covers.
    public private(set) var count = 0
    /// The number of rows that are null.
    public private(set) var nullCount = 0

    public init() {}

    /// Reserves room for `capacity` rows so long appends do not reallocate.
    public mutating func reserveCapacity(_ capacity: Int) {
        words.reserveCapacity((capacity + 63) / 64)
    }

    /// Appends one row's validity.
    @inlinable
    public mutating func append(_ isValid: Bool) {
        appendBit(isValid)
    }

    @usableFromInline
    mutating func appendBit(_ isValid: Bool) {
        let bit = count & 63
        if bit == 0 { words.append(0) }
        if isValid {
            words[words.count - 1] |= 1 << UInt64(bit)
        } else {
            nullCount += 1
        }
        count += 1
    }

    /// Whether row `index` holds a value.
    @inlinable
    public subscript(index: Int) -> Bool {
        isValid(at: index)
    }

    @usableFromInline
    func isValid(at index: Int) -> Bool {
        precondition(index >= 0 && index < count, "row \(index) is out of range 0..<\(count)")
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }
}
