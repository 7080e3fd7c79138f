/// One bit per row saying whether the row holds a value, so nullability costs 1/64 of a word per row
/// instead of an optional per value.
public struct ValidityBitmap: Sendable, Equatable {
    /// Complete words of 64 rows each.
    private var words: [UInt64] = []
    /// The rows after the last complete word, kept out of `words` so that appending a row touches no array:
    /// readers append a bit for every value of every column. Bits past `count` are zero.
    private var tail: UInt64 = 0
    /// The number of rows the bitmap covers.
    public private(set) var count = 0
    /// The number of rows that are null.
    public private(set) var nullCount = 0

    public init() {}

    /// `count` rows that all hold a value, a word at a time: what a column read back without nulls needs.
    public init(allValid count: Int) {
        words = [UInt64](repeating: ~0, count: count / 64)
        tail = count & 63 == 0 ? 0 : ~0 >> UInt64(64 - count & 63)
        self.count = count
    }

    /// Reserves room for `capacity` rows so long appends do not reallocate.
    public mutating func reserveCapacity(_ capacity: Int) {
        words.reserveCapacity(capacity / 64)
    }

    /// Appends one row's validity.
    @inlinable
    public mutating func append(_ isValid: Bool) {
        appendBit(isValid)
    }

    @usableFromInline
    mutating func appendBit(_ isValid: Bool) {
        if isValid {
            tail |= 1 << UInt64(count & 63)
        } else {
            nullCount += 1
        }
        count += 1
        if count & 63 == 0 {
            words.append(tail)
            tail = 0
        }
    }

    /// Whether row `index` holds a value.
    @inlinable
    public subscript(index: Int) -> Bool {
        isValid(at: index)
    }

    /// Appends every row of `other` a word at a time, which is how frames are joined without a loop per row.
    public mutating func append(contentsOf other: ValidityBitmap) {
        nullCount += other.nullCount
        if count & 63 == 0 {
            words.append(contentsOf: other.words)
            tail = other.tail
            count += other.count
            return
        }
        for word in other.words { appendWord(word, rows: 64) }
        if other.count & 63 != 0 { appendWord(other.tail, rows: other.count & 63) }
    }

    /// Appends `count` rows whose bits are `words`, 64 rows a word, the bits past `count` being zero: how a
    /// reader that gathers rows in a block hands over their validity in one call instead of a call per row.
    mutating func append(words: UnsafeBufferPointer<UInt64>, count: Int) {
        precondition(words.count == (count + 63) / 64, "\(words.count) words cannot hold exactly \(count) rows")
        var valid = 0
        for (index, word) in words.enumerated() {
            valid += word.nonzeroBitCount
            appendWord(word, rows: Swift.min(64, count - index * 64))
        }
        nullCount += count - valid
    }

    /// Appends `rows` rows (1 to 64) whose bits are the low bits of `word`, the higher bits being zero.
    private mutating func appendWord(_ word: UInt64, rows: Int) {
        let shift = count & 63
        tail |= word << UInt64(shift)
        if shift + rows >= 64 {
            words.append(tail)
            tail = shift == 0 ? 0 : word >> UInt64(64 - shift)
        }
        count += rows
    }

    @usableFromInline
    func isValid(at index: Int) -> Bool {
        precondition(index >= 0 && index < count, "row \(index) is out of range 0..<\(count)")
        let word = index >> 6
        return (word < words.count ? words[word] : tail) & (1 << UInt64(index & 63)) != 0
    }
}
