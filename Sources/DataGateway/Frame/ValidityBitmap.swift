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

    /// Appends every row of `other` a word at a time, which is how frames are joined without a loop per row.
    ///
    /// Relies on the bitmap's invariant that bits past `count` are zero.
    public mutating func append(contentsOf other: ValidityBitmap) {
        let shift = UInt64(count & 63)
        if shift == 0 {
            words.append(contentsOf: other.words)
        } else {
            for word in other.words {
                words[words.count - 1] |= word << shift
                words.append(word >> (64 - shift))
            }
        }
        count += other.count
        nullCount += other.nullCount
        words.removeLast(words.count - (count + 63) / 64)
    }

    @usableFromInline
    func isValid(at index: Int) -> Bool {
        precondition(index >= 0 && index < count, "row \(index) is out of range 0..<\(count)")
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }
}
